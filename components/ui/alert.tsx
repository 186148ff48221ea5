import { cva, type VariantProps } from 'class-variance-authority';
import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cn } from './cn';

const alertVariants = cva('flex gap-3 rounded-md border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0', {
  variants: {
    tone: {
      info: 'border-info/30 bg-info-soft text-foreground [&>svg]:text-info',
      success: 'border-success/30 bg-success-soft text-foreground [&>svg]:text-success',
      warning: 'border-warning/30 bg-warning-soft text-foreground [&>svg]:text-warning',
      danger: 'border-danger/30 bg-danger-soft text-foreground [&>svg]:text-danger',
    },
  },
  defaultVariants: { tone: 'info' },
});

const icons = { info: Info, success: CheckCircle2, warning: AlertTriangle, danger: XCircle };

/**
 * A message in a box. Errors (`tone="danger"`) are `role="alert"` so screen readers announce them;
 * the others are `role="status"`. Write sentences, never raw validation output.
 */
export function Alert({ className, tone, title, children, ...props }: ComponentProps<'div'> & VariantProps<typeof alertVariants> & { title?: string }) {
  const Icon = icons[tone ?? 'info'];
  return (
    <div role={tone === 'danger' ? 'alert' : 'status'} className={cn(alertVariants({ tone }), className)} {...props}>
      <Icon aria-hidden />
      <div className="grid gap-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
