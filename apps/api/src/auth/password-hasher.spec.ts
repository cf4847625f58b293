import { PasswordHasher } from './password-hasher';

// Small parameters keep the unit tests fast; the production ones are DEFAULT_SCRYPT_PARAMETERS.
const fast = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

describe('PasswordHasher', () => {
  it('records its parameters and a per-hash salt, and verifies the right password only', async () => {
    const first = await fast.hash('correct horse battery');
    const second = await fast.hash('correct horse battery');
    expect(first).toMatch(/^scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    await expect(fast.verify('correct horse battery', first)).resolves.toBe(true);
    await expect(fast.verify('correct horse batterY', first)).resolves.toBe(false);
    await expect(fast.verify('', first)).resolves.toBe(false);
  });

  it('verifies with the recorded parameters and asks for a rehash when they changed', async () => {
    const old = await fast.hash('pa55word-long');
    const stronger = new PasswordHasher({ N: 2 ** 11, r: 8, p: 1 });
    await expect(stronger.verify('pa55word-long', old)).resolves.toBe(true);
    expect(stronger.needsRehash(old)).toBe(true);
    expect(fast.needsRehash(old)).toBe(false);
  });

  it('refuses malformed or unbounded stored hashes instead of throwing or allocating', async () => {
    const good = await fast.hash('pa55word-long');
    for (const bad of [
      '',
      'plain',
      good.replace('N=1024', 'N=1000'),
      good.replace('N=1024', `N=${2 ** 24}`),
      good.replace('r=8', 'r=0'),
      good.replace(/\$[^$]+$/, '$AA'),
    ]) {
      await expect(fast.verify('pa55word-long', bad)).resolves.toBe(false);
    }
  });

  it('treats canonically equivalent Unicode passwords alike', async () => {
    const hash = await fast.hash('caf\u00e9-password');
    await expect(fast.verify('cafe\u0301-password', hash)).resolves.toBe(true);
  });
});
