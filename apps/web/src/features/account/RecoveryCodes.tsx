import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button';

interface RecoveryCodesProps {
  codes: readonly string[];
  /** Named in the downloaded file, so a user with several accounts knows whose codes they are. */
  account: string;
  onDone: () => void;
}

/** The one time the recovery codes are shown: copy, download, then dismiss. */
export function RecoveryCodes({ codes, account, onDone }: RecoveryCodesProps) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copyCodes = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  const download = () => {
    const text = `${t('security.recovery.fileHeader', { account })}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'beseda-recovery-codes.txt';
    link.click();
    // The click has started the download; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-4 sm:p-5">
      <h3 className="font-semibold text-amber-950">{t('security.recovery.heading')}</h3>
      <p className="mt-1 text-sm text-amber-900">{t('security.recovery.text')}</p>
      <ul
        data-testid="recovery-codes"
        className="mt-4 grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 select-all"
      >
        {codes.map((code) => (
          <li key={code} className="rounded-md border border-amber-200 bg-white px-2 py-1.5 text-center">
            {code}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => void copyCodes()}>
          {copy === 'copied' ? t('security.recovery.copied') : t('security.recovery.copy')}
        </Button>
        <Button variant="secondary" onClick={download}>
          {t('security.recovery.download')}
        </Button>
        <Button onClick={onDone}>{t('security.recovery.done')}</Button>
      </div>
      {copy === 'failed' && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t('security.recovery.copyFailed')}
        </p>
      )}
      {copy === 'copied' && (
        <p role="status" className="sr-only">
          {t('security.recovery.copied')}
        </p>
      )}
    </div>
  );
}
