export * from './users';
export * from './roles';
export * from './workflows';
export * from './tickets';
export * from './tasks';
export * from './comments';
export * from './notifications';
export * from './audit';
