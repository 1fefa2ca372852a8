// The studio is a client-rendered app; the server owns auth and the API.
export const ssr = false;
export const prerender = false;
