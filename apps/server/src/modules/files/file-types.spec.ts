import { describe, expect, it } from 'vitest';
import { cleanFileName, isTypeAllowed, kindOf } from './file-types.js';

describe('isTypeAllowed', () => {
  it('accepts everything not denied when there is no allow list', () => {
    expect(isTypeAllowed('application/zip', undefined, ['application/x-msdownload'])).toBe(true);
    expect(isTypeAllowed('application/x-msdownload', undefined, ['application/x-msdownload'])).toBe(false);
  });

  it('matches whole families with type/*, and lets the deny list win', () => {
    expect(isTypeAllowed('image/png', ['image/*'], [])).toBe(true);
    expect(isTypeAllowed('video/mp4', ['image/*'], [])).toBe(false);
    expect(isTypeAllowed('image/gif', ['image/*'], ['image/gif'])).toBe(false);
  });
});

describe('kindOf', () => {
  it('calls images only those it makes previews of', () => {
    expect(kindOf('image/jpeg')).toBe('image');
    expect(kindOf('image/tiff')).toBe('file');
    expect(kindOf('video/mp4')).toBe('video');
    expect(kindOf('audio/ogg')).toBe('audio');
    expect(kindOf('application/pdf')).toBe('file');
  });
});

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\alice\\photo.jpg', 'photo.jpg'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
    ['line\nbreak.txt', 'linebreak.txt'],
    ['Отчёт %22Q3%22.pdf', 'Отчёт "Q3".pdf'],
    ['', 'file'],
    ['..', 'file'],
    [undefined, 'file'],
  ])('turns %j into %j', (name, expected) => {
    expect(cleanFileName(name)).toBe(expected);
  });
});
