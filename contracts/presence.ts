/**
 * A stable, readable colour per user: the same id gives the same colour in every browser and on
 * the server, which stamps it into presence so nobody shows in someone else's colour.
 */
export function colorFor(userId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  const hue = (hash >>> 0) % 360;
  // Mid lightness keeps white label text readable on every hue.
  return `hsl(${hue} 70% 42%)`;
}
