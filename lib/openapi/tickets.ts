/** Ticket intake and read-back (HDTS). Filled in with the routes. */
export const ticketPaths: Record<string, unknown> = {};
