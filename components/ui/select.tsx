// The select lives with the other form controls; this module re-exports it under its own name.
export { Select } from './input';
