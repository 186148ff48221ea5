import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A grey placeholder block while content loads (hidden from screen readers; say "Loading" once, elsewhere). */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return <div aria-hidden className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}
