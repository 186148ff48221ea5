// The Ticket Service's original intake path, `POST /send/`, taking HDTS's body as is.
export { POST } from '../api/v1/tickets/route';
