// The app shell the service worker serves for every navigation when offline.
export const prerender = true;
