import { Badge } from '@/components/ui/badge';

const LOOK = {
  draft: { label: 'Draft', tone: 'neutral' },
  deployed: { label: 'Deployed', tone: 'success' },
  paused: { label: 'Paused', tone: 'warning' },
} as const;

/** A workflow's status: a draft takes no tickets, deployed takes them, paused stopped taking them. */
export function WorkflowStatusBadge({ status }: { status: keyof typeof LOOK }) {
  const look = LOOK[status];
  return (
    <Badge tone={look.tone} data-testid="workflow-status">
      {look.label}
    </Badge>
  );
}
