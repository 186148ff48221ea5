import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../env';
import { TEST_AMQP_BASE, assertBrokerReachable } from '../testing/rabbitmq';
import { checkBroker, resetBrokerHealthCache } from './broker-health';

function useAmqpUrl(url: string | undefined) {
  if (url === undefined) delete process.env.AMQP_URL;
  else process.env.AMQP_URL = url;
  resetEnvForTests();
  resetBrokerHealthCache();
}

beforeAll(assertBrokerReachable);
afterEach(() => useAmqpUrl(undefined));

describe('checkBroker', () => {
  it('is "disabled" when AMQP_URL is not set', async () => {
    useAmqpUrl(undefined);
    expect(await checkBroker()).toEqual({ status: 'disabled' });
  });

  it('is "up" when the broker accepts a connection, and reuses the answer for a few seconds', async () => {
    useAmqpUrl(`${TEST_AMQP_BASE}/`);
    const first = await checkBroker();
    expect(first).toEqual({ status: 'up' });
    // The same result object: answered from the cache, no second connection.
    expect(await checkBroker()).toBe(first);
  });

  it('is "down" with the reason, without the password, when the broker refuses or is not there', async () => {
    // The test broker with a wrong password.
    const wrong = new URL(TEST_AMQP_BASE);
    wrong.password = 'sekrit-pw';
    useAmqpUrl(wrong.toString());
    const refused = await checkBroker();
    expect(refused.status).toBe('down');
    expect(refused.error).toMatch(/ACCESS_REFUSED|403/);
    expect(refused.error).not.toContain('sekrit-pw');

    useAmqpUrl('amqp://guest:guest@127.0.0.1:1/');
    const started = Date.now();
    expect(await checkBroker()).toMatchObject({ status: 'down', error: expect.stringMatching(/ECONNREFUSED/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
