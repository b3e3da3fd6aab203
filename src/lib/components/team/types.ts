/**
 * How a team component hands a failed call to its page: the page answers with the message to show
 * inline next to the button (the server's French message), or null when it dealt with it itself
 * (not signed in any more: the whole screen says so; an unexpected error: a toast).
 */
export type Fail = (error: unknown) => string | null;
