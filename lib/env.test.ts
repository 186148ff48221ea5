import { afterEach, describe, expect, it } from 'vitest';
import { getEnv, resetEnvForTests } from './env';

const saved = { PORT: process.env.PORT, APP_URL: process.env.APP_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
});

describe('getEnv', () => {
  it('derives APP_URL from PORT unless it is set', () => {
    delete process.env.APP_URL;
    process.env.PORT = '3310';
    resetEnvForTests();
    expect(getEnv().APP_URL).toBe('http://localhost:3310');
    process.env.APP_URL = 'https://tts.example.com';
    resetEnvForTests();
    expect(getEnv().APP_URL).toBe('https://tts.example.com');
  });

  it('names the variable that is wrong', () => {
    process.env.PORT = 'eighty';
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/PORT/);
  });
});
