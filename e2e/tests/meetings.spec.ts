import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { createConfirmedAccount, newAccount } from './support/accounts.js';
import {
  createMeeting,
  type CreatedMeeting,
  expectFlowing,
  joinCall,
  myParticipantId,
  openJoinScreen,
  type Person,
  receivedFrom,
  signIn,
  tile,
  test,
} from './support/meetings.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
mkdirSync(artifacts, { recursive: true });

test.use({ locale: 'en-US' });
test.describe.configure({ mode: 'serial' });

let anna: Person;
let boris: Person;
let vera: Person;
let meeting: CreatedMeeting;
const ids: Record<'anna' | 'boris' | 'vera', string> = { anna: '', boris: '', vera: '' };

test.beforeAll(async ({ browser, request, baseURL }) => {
  const accounts = [newAccount('Anna Petrova'), newAccount('Boris Orlov'), newAccount('Vera Sokolova')];
  for (const account of accounts) await createConfirmedAccount(request, baseURL!, account);
  const people = await Promise.all(accounts.map((account) => signIn(browser, request, account)));
  [anna, boris, vera] = people as [Person, Person, Person];
  meeting = await createMeeting(request, anna, { title: 'Weekly planning' });
});

test.afterAll(async () => {
  for (const person of [anna, boris, vera]) await person?.page.context().close();
});

test('two people in a call each receive the other’s video and sound, peer to peer', async () => {
  ids.anna = await joinCall(anna.page, meeting.code);
  ids.boris = await joinCall(boris.page, meeting.code);

  await expect(tile(anna.page, ids.boris)).toBeVisible();
  await expect(tile(boris.page, ids.anna)).toBeVisible();
  await expectFlowing(anna.page, ids.boris, 'cameraFramesDecoded');
  await expectFlowing(anna.page, ids.boris, 'audioPacketsReceived');
  await expectFlowing(boris.page, ids.anna, 'cameraFramesDecoded');
  await expectFlowing(boris.page, ids.anna, 'audioPacketsReceived');

  // Boris turns his microphone off: Anna sees him muted.
  await boris.page.getByTestId('toggle-mic').click();
  await expect(tile(anna.page, ids.boris).getByText('Microphone off')).toBeAttached();
});

test('a shared screen reaches the other person and is shown large', async () => {
  await anna.page.getByTestId('toggle-screen').click();
  await expect(tile(anna.page, ids.anna, 'screen')).toBeVisible();
  await expect(tile(boris.page, ids.anna, 'screen')).toBeVisible();
  await expectFlowing(boris.page, ids.anna, 'screenFramesDecoded');
  // The camera keeps flowing beside the screen.
  await expectFlowing(boris.page, ids.anna, 'cameraFramesDecoded');

  await anna.page.screenshot({ path: path.join(artifacts, 'meeting-screen-share.png') });
  await anna.page.getByTestId('toggle-screen').click();
  await expect(tile(boris.page, ids.anna, 'screen')).toBeHidden();
});

test('in a mesh of three, the host removes someone: their media stops for the others and they are told', async () => {
  // Six connections to watch on a shared two-core machine.
  test.setTimeout(120_000);
  ids.vera = await joinCall(vera.page, meeting.code);
  for (const [page, others] of [
    [anna.page, [ids.boris, ids.vera]],
    [boris.page, [ids.anna, ids.vera]],
    [vera.page, [ids.anna, ids.boris]],
  ] as const) {
    for (const other of others) await expectFlowing(page, other, 'cameraFramesDecoded');
  }

  await anna.page.screenshot({ path: path.join(artifacts, 'meeting-call-desktop.png') });
  await vera.page.setViewportSize({ width: 390, height: 844 });
  await vera.page.screenshot({ path: path.join(artifacts, 'meeting-call-phone.png') });
  await vera.page.getByTestId('toggle-participants').click();
  await expect(vera.page.getByTestId('participants-panel')).toBeVisible();
  await vera.page.screenshot({ path: path.join(artifacts, 'meeting-participants-phone.png') });

  await anna.page.getByTestId('toggle-participants').click();
  const panel = anna.page.getByTestId('participants-panel');
  await panel.getByRole('button', { name: 'Actions for Vera Sokolova' }).click();
  await panel.getByRole('menuitem', { name: 'Remove from meeting' }).click();
  const confirm = anna.page.getByTestId('remove-participant-dialog');
  await confirm.getByRole('button', { name: 'Remove' }).click();

  await expect(vera.page.getByTestId('call-over')).toHaveText('A host removed you from the meeting.');
  for (const page of [anna.page, boris.page]) {
    await expect(tile(page, ids.vera)).toHaveCount(0);
    await expect.poll(() => receivedFrom(page, ids.vera)).toBeUndefined();
  }
  // The two who stay still hear and see each other.
  await expectFlowing(boris.page, ids.anna, 'cameraFramesDecoded');
});

test('a message in the meeting chat stays after the host ends the meeting; the attendance lists everyone', async () => {
  await boris.page.getByTestId('toggle-chat').click();
  const borisChat = boris.page.getByTestId('meeting-chat');
  await borisChat.getByTestId('composer').fill('Notes are in the shared folder');
  await borisChat.getByTestId('composer').press('Enter');
  await anna.page.getByTestId('toggle-chat').click();
  await expect(
    anna.page.getByTestId('meeting-chat').getByText('Notes are in the shared folder'),
  ).toBeVisible();
  await anna.page.screenshot({ path: path.join(artifacts, 'meeting-chat-desktop.png') });

  await anna.page.getByTestId('toggle-participants').click();
  await anna.page.getByTestId('end-meeting').click();
  await anna.page.getByTestId('end-meeting-dialog').getByRole('button', { name: 'End for everyone' }).click();
  await expect(boris.page.getByTestId('call-over')).toHaveText('The meeting has ended.');
  await expect(anna.page.getByTestId('call-over')).toHaveText('The meeting has ended.');

  await anna.page.goto(`/meetings/${meeting.id}`);
  await expect(anna.page.getByTestId('meeting-status')).toHaveText('Ended');
  const rows = anna.page.getByTestId('attendance-row');
  await expect(rows).toHaveCount(3);
  for (const name of ['Anna Petrova', 'Boris Orlov', 'Vera Sokolova']) {
    await expect(rows.filter({ hasText: name })).toHaveCount(1);
  }
  await anna.page.screenshot({ path: path.join(artifacts, 'meeting-details.png'), fullPage: true });

  await anna.page.getByTestId('meeting-chat-link').click();
  await expect(
    anna.page.getByTestId('message').filter({ hasText: 'Notes are in the shared folder' }),
  ).toBeVisible();
});

test('a guest without an account waits in the lobby until the host admits them; a wrong passcode is refused', async ({
  browser,
  request,
}) => {
  // Anna schedules a meeting that anyone with the code may ask to join, guests too, and opens it.
  await anna.page.goto('/meetings');
  await anna.page.getByTestId('schedule-meeting').click();
  const form = anna.page.getByTestId('schedule-dialog');
  await form.getByLabel('Title').fill('Board review');
  await form.getByLabel('Who can join').selectOption('code');
  await form.getByLabel('People without an account may ask to join').check();
  await form.getByRole('button', { name: 'Schedule' }).click();
  await expect(anna.page.getByRole('heading', { name: 'Board review' })).toBeVisible();
  await anna.page.getByRole('link', { name: 'Join', exact: true }).click();
  const code = new URL(anna.page.url()).pathname.split('/').at(-1)!;
  await anna.page.getByTestId('prejoin').getByRole('button', { name: 'Join' }).click();
  ids.anna = await myParticipantId(anna.page);

  // Someone who has no account opens the link in a browser that never signed in here: they give
  // a name, wait, and get in only when Anna admits them.
  const guestContext = await browser.newContext({ locale: 'en-US' });
  try {
    const guest = await guestContext.newPage();
    await guest.goto(`/m/${code}`);
    const guestForm = guest.getByTestId('guest-prejoin');
    await expect(guestForm.getByTestId('meeting-title')).toHaveText('Board review');
    await guestForm.getByLabel('Your name').fill('Oleg from Acme');
    await guestForm.getByRole('button', { name: 'Join as guest' }).click();
    await expect(guest.getByTestId('lobby')).toContainText('Waiting for the host to let you in');
    await expect(anna.page.getByTestId('lobby-badge')).toHaveText('1');
    await anna.page.getByTestId('toggle-participants').click();
    await anna.page.getByRole('button', { name: 'Admit Oleg from Acme' }).click();
    await expect(guest.getByTestId('call-screen')).toBeVisible();
    const guestId = await myParticipantId(guest);
    await expectFlowing(guest, ids.anna, 'cameraFramesDecoded');
    await expectFlowing(anna.page, guestId, 'cameraFramesDecoded');
  } finally {
    await guestContext.close();
  }

  // A meeting by code with a passcode: the wrong one is refused with its message.
  const secret = await createMeeting(request, anna, {
    title: 'Salaries',
    access: 'code',
    passcode: 'orange-42',
  });
  await openJoinScreen(boris.page, secret.code, 'apple-17');
  await expect(boris.page.getByTestId('join-error')).toHaveText('The passcode is wrong.');
  await expect(boris.page.getByTestId('call-screen')).toBeHidden();
});
