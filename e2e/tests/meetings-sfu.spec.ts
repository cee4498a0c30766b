import { expect } from '@playwright/test';
import { createConfirmedAccount, newAccount } from './support/accounts.js';
import {
  createMeeting,
  expectFlowing,
  joinCall,
  type Person,
  receivedFrom,
  signIn,
  tile,
  test,
} from './support/meetings.js';

/**
 * Meetings through the real Janus SFU: a second server, started by the Playwright config with
 * Janus beside it (e2e/support/media-server.mjs), only when Debian's `janus` is installed.
 */
const sfuUrl = process.env.E2E_SFU_URL;

test.use({ locale: 'en-US', ...(sfuUrl ? { baseURL: sfuUrl } : {}) });
test.describe.configure({ mode: 'serial' });
test.skip(!sfuUrl, 'Janus is not installed (apt install janus)');

const people: Person[] = [];

test.afterAll(async () => {
  for (const person of people) await person.page.context().close();
});

test('three people through the Janus SFU each receive the two others, in the layer that fits, and a shared screen; the call moves there and back without reloading', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const accounts = [
    newAccount('Galina Ivanova'),
    newAccount('Denis Smirnov'),
    newAccount('Elena Kuznetsova'),
  ];
  for (const account of accounts) await createConfirmedAccount(request, baseURL!, account);
  people.push(...(await Promise.all(accounts.map((account) => signIn(browser, request, account)))));
  const [galina, denis, elena] = people as [Person, Person, Person];
  const meeting = await createMeeting(request, galina, { title: 'Quarterly review' });

  // Two people: directly, peer to peer.
  const g = await joinCall(galina.page, meeting.code);
  const d = await joinCall(denis.page, meeting.code);
  await expect(galina.page.getByTestId('call-screen')).toHaveAttribute('data-topology', 'p2p');
  await expectFlowing(galina.page, d, 'cameraFramesDecoded');
  await expectFlowing(denis.page, g, 'cameraFramesDecoded');

  // A third: everyone moves to the SFU on their own, and each receives the two others.
  const e = await joinCall(elena.page, meeting.code);
  const pages = { [g]: galina.page, [d]: denis.page, [e]: elena.page };
  for (const page of Object.values(pages)) {
    await expect(page.getByTestId('call-screen')).toHaveAttribute('data-topology', 'sfu');
  }
  for (const [me, page] of Object.entries(pages)) {
    for (const other of [g, d, e].filter((id) => id !== me)) {
      await expectFlowing(page, other, 'cameraFramesDecoded');
      await expect(tile(page, other).locator('video')).toBeVisible();
    }
    await expectFlowing(page, me === g ? d : g, 'audioPacketsReceived');
  }
  await galina.page.screenshot({ path: 'artifacts/meeting-sfu-three.png' });

  // Simulcast: each camera comes in the layer that fits its tile. In the speaker layout one of the
  // two others is large and the other a small tile in the strip, which comes in a smaller layer;
  // back in the grid both are large again.
  const widthFrom = async (id: string) => (await receivedFrom(galina.page, id))?.cameraFrameWidth ?? 0;
  // The cameras' own width (every page has the same fake camera); the top layer once bandwidth allows.
  const full = await galina.page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const width = stream.getVideoTracks()[0]!.getSettings().width ?? 0;
    for (const track of stream.getTracks()) track.stop();
    return width;
  });
  expect(full).toBeGreaterThan(0);
  for (const id of [d, e]) await expect.poll(() => widthFrom(id), { timeout: 30_000 }).toBe(full);
  await galina.page.getByRole('button', { name: 'Speaker layout' }).click();
  await expect
    .poll(async () => Math.min(await widthFrom(d), await widthFrom(e)), { timeout: 20_000 })
    .toBeLessThan(full);
  await galina.page.getByRole('button', { name: 'Grid layout' }).click();
  for (const id of [d, e]) await expect.poll(() => widthFrom(id), { timeout: 20_000 }).toBe(full);

  // A shared screen goes through the SFU as a stream of its own, told apart from the camera.
  await denis.page.getByTestId('toggle-screen').click();
  for (const page of [galina.page, elena.page]) {
    await expect(tile(page, d, 'screen')).toBeVisible();
    await expectFlowing(page, d, 'screenFramesDecoded');
    await expectFlowing(page, d, 'cameraFramesDecoded');
  }
  await denis.page.getByTestId('toggle-screen').click();
  await expect(tile(galina.page, d, 'screen')).toBeHidden();

  // One leaves: back to peer to peer, and the two still see each other.
  await elena.page.getByRole('button', { name: 'Leave' }).click();
  for (const page of [galina.page, denis.page]) {
    await expect(page.getByTestId('call-screen')).toHaveAttribute('data-topology', 'p2p');
  }
  await expectFlowing(galina.page, d, 'cameraFramesDecoded');
  await expectFlowing(denis.page, g, 'cameraFramesDecoded');
});
