/**
 * The task-item status predicates pages and components need, without the tables they are stored in
 * (outside lib/, only lib/db's connection modules may be imported).
 */
export { isOpenItemStatus, type OpenItemStatus } from '../db/schema/tasks';
