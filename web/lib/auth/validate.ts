/** Client-side hints; the server validates again and its messages win. */
export const MIN_PASSWORD = 8;

export function checkEmail(value: string): string {
  const email = value.trim();
  if (!email) return 'Enter your email address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter a valid email address.';
  return '';
}

export function checkNewPassword(value: string): string {
  if (!value) return 'Choose a password.';
  if (value.length < MIN_PASSWORD) return `Password must be at least ${MIN_PASSWORD} characters.`;
  return '';
}

/** Only same-origin paths are followed after signing in (no `//evil.example`). */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
