// Every screen reads IndexedDB, so it renders on the client. The HTML is then the same app shell for
// every URL, which lets the service worker answer any navigation offline with one cached page.
export const ssr = false;
export const prerender = false;
