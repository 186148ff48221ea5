import { Badge } from '@/components/ui/badge';
import { Fact } from '@/components/ui/fact';
import { LocalTime } from '@/components/time/local-time';
import type { getIntegrationHealth } from '@/lib/admin/get-integration-health';

type Health = Awaited<ReturnType<typeof getIntegrationHealth>>;

const tone = (s: string) => (s === 'up' || s === 'connected' || s === 'closed' ? 'success' : s === 'disabled' || s === 'unknown' ? 'neutral' : s === 'half-open' ? 'warning' : 'danger');

/** The database, the broker, the workers and their bridge, and the Auth Service's circuit breaker. */
export function HealthPanel({ health }: { health: Health }) {
  const { database, broker, workers, authService } = health;
  return (
    <dl className="grid gap-4 px-4 py-4 sm:grid-cols-2 sm:px-5 lg:grid-cols-4" data-testid="health">
      <Fact label="Database">
        <Badge tone={tone(database.status)}>{database.status}</Badge>
        <p className="mt-1 text-xs break-words text-muted-foreground">{database.status === 'up' ? `answered in ${database.latency_ms} ms` : database.error}</p>
      </Fact>
      <Fact label="Broker (RabbitMQ)">
        <Badge tone={tone(broker.status)}>{broker.status}</Badge>
        <p className="mt-1 text-xs break-words text-muted-foreground">
          {broker.status === 'disabled' ? 'AMQP_URL is not set: no broker in this layout.' : broker.status === 'up' ? 'A test connection opened.' : broker.error}
        </p>
      </Fact>
      <Fact label="Workers">
        <Badge tone={tone(workers.status)}>{workers.running} running</Badge>
        <p className="mt-1 text-xs text-muted-foreground">
          Bridge {workers.bridge}
          {workers.last_seen_at ? (
            <>
              {' · last heard '}
              <LocalTime value={workers.last_seen_at} withSeconds />
            </>
          ) : null}
        </p>
      </Fact>
      <Fact label="Auth Service">
        {authService.status === 'disabled' ? (
          <>
            <Badge>not configured</Badge>
            <p className="mt-1 text-xs text-muted-foreground">AUTH_SERVICE_URL is not set: user info comes from role sync only.</p>
          </>
        ) : (
          <>
            <Badge tone={tone(authService.circuit)} data-testid="circuit-state">
              circuit {authService.circuit}
            </Badge>
            <p className="mt-1 text-xs text-muted-foreground">
              {authService.circuit === 'closed'
                ? 'Calls go through.'
                : authService.circuit === 'open'
                  ? 'Failing fast to the synced copy until it answers again.'
                  : 'Trying it again.'}
            </p>
          </>
        )}
      </Fact>
    </dl>
  );
}
