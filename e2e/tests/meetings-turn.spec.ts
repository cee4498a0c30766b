import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { createConfirmedAccount, newAccount } from './support/accounts.js';
import { createMeeting, expectFlowing, joinCall, type Person, signIn, test } from './support/meetings.js';

/**
 * A call relayed through the real coturn: a third server, started by the Playwright config with
 * coturn beside it (e2e/support/media-server.mjs) and TURN_ONLY set, only when Debian's `coturn`
 * is installed. The browsers may use relay candidates only, so media that flows went through it.
 */
const turnUrl = process.env.E2E_TURN_URL;

test.use({ locale: 'en-US', ...(turnUrl ? { baseURL: turnUrl } : {}) });
test.skip(!turnUrl, 'coturn is not installed (apt install coturn)');

const people: Person[] = [];

test.afterAll(async () => {
  for (const person of people) await person.page.context().close();
});

/** coturn's log: which users allocated relays with the credentials the server handed out. */
const turnLog = () => {
  try {
    return readFileSync(process.env.E2E_TURN_LOG!, 'utf8');
  } catch {
    return '';
  }
};

test('two people talk through the TURN relay only, with the short-lived credentials the server gives them', async ({
  browser,
  request,
  baseURL,
}) => {
  const accounts = [newAccount('Zoya Belova'), newAccount('Igor Volkov')];
  for (const account of accounts) await createConfirmedAccount(request, baseURL!, account);
  people.push(...(await Promise.all(accounts.map((account) => signIn(browser, request, account)))));
  const [zoya, igor] = people as [Person, Person];
  const meeting = await createMeeting(request, zoya, { title: 'Behind the firewall' });

  // Keep every peer connection Zoya's page makes, to read which path its media took.
  await zoya.page.context().addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        made.push(this);
      }
    };
  });
  const z = await joinCall(zoya.page, meeting.code);
  const i = await joinCall(igor.page, meeting.code);
  await expectFlowing(zoya.page, i, 'cameraFramesDecoded');
  await expectFlowing(igor.page, z, 'cameraFramesDecoded');
  await expectFlowing(igor.page, z, 'audioPacketsReceived');

  // The connection carrying the call is relayed on Zoya's side, and could not be anything else.
  const paths = await zoya.page.evaluate(async () => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const open = made.filter((pc) => pc.connectionState === 'connected');
    return Promise.all(
      open.map(async (pc) => {
        const report = await pc.getStats();
        let local: string | undefined;
        const types = new Map<string, string>();
        report.forEach((stat: Record<string, unknown>) => {
          if (stat.type === 'local-candidate') types.set(String(stat.id), String(stat.candidateType));
          if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded')
            local = String(stat.localCandidateId);
        });
        const candidate = local ? { candidateType: types.get(local) } : undefined;
        return { policy: pc.getConfiguration().iceTransportPolicy, type: candidate?.candidateType };
      }),
    );
  });
  expect(paths).toEqual([{ policy: 'relay', type: 'relay' }]);

  // Each of them allocated a relay with their own credentials (`<expiry>:<user id>`).
  for (const person of [zoya, igor]) {
    expect(turnLog()).toMatch(
      new RegExp(`user <\\d+:${person.userId}>: incoming packet ALLOCATE processed, success`),
    );
  }
});
