import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import { PreferencesForm } from '@/components/notifications/preferences-form';
import { Card, CardContent } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { getPreferences } from '@/lib/notifications/get-preferences';
import { savePreferences } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Notification settings' };

export default async function NotificationSettingsPage() {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const prefs = await withDeadline(getPreferences(getDb(), Number(session.user.id)));
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes(prefs.time_zone)) zones.unshift(prefs.time_zone);
  if (!zones.includes('UTC')) zones.unshift('UTC');
  return (
    <>
      <PageHeader title="Notification settings" description="What TTS tells you about, in the app and by email." />
      <Card>
        <CardContent>
          <PreferencesForm
            rows={prefs.preferences}
            digestHour={prefs.digest_hour}
            timeZone={prefs.time_zone}
            zones={zones}
            action={savePreferences}
            emailDelayMinutes={Math.round(prefs.email_delay_seconds / 60)}
          />
        </CardContent>
      </Card>
    </>
  );
}
