import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:pw@db:5432/app', 'postgres://***@db:5432/app'],
    ['redis://:pw@localhost:6379/0', 'redis://***@localhost:6379/0'],
    ['redis://default@localhost:6379', 'redis://***@localhost:6379'],
    // A password holding unencoded `/`, `#`, `?` or `@` is hidden whole: the user info runs to the last `@`.
    ['postgres://app:p/a#s?s@w@db:5432/app', 'postgres://***@db:5432/app'],
    ['mongodb://u:pw@h1:27017,h2:27017/db?replicaSet=rs0', 'mongodb://***@h1:27017,h2:27017/db?replicaSet=rs0'],
    [
      'postgres://db/app?user=app&password=pw&sslmode=require',
      'postgres://db/app?user=app&password=***&sslmode=require',
    ],
    ['http://api:8080/v1?api_key=k&token=t#top', 'http://api:8080/v1?api_key=***&token=***#top'],
    ['mysql://db:3306/shop?sslpassword=x', 'mysql://db:3306/shop?sslpassword=***'],
    ['http://localhost:3000/health', 'http://localhost:3000/health'],
    [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXX1',
      'https://hooks.slack.com/services/T00000000/B00000000/***',
    ],
    [
      'https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/getMe',
      'https://api.telegram.org/***/getMe',
    ],
    ['http://localhost:8080/api/v1/orders/recent?limit=20', 'http://localhost:8080/api/v1/orders/recent?limit=20'],
    ['localhost:8080', 'localhost:8080'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
