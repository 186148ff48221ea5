import { Badge } from '@/components/ui/badge';

const TONE: Record<string, 'danger' | 'warning' | 'info' | 'neutral'> = { Critical: 'danger', High: 'warning', Medium: 'info', Low: 'neutral' };

export function PriorityBadge({ priority }: { priority: string }) {
  return <Badge tone={TONE[priority] ?? 'neutral'}>{priority}</Badge>;
}
