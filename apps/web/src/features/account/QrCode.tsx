import { useEffect, useState } from 'react';

/**
 * A QR code drawn as SVG into a data: URL. The page's CSP allows data: images but no inline
 * styles or scripts, so an <img> is the way to show it. The encoder loads only when needed.
 */
export function QrCode({ value, alt }: { value: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    import('qrcode')
      .then((qrcode) => qrcode.toString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((svg) => {
        if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      // Without the picture the key below it still works.
      .catch((error: unknown) => console.error('QR code failed', error));
    return () => {
      current = false;
    };
  }, [value]);

  const frame = 'size-44 shrink-0 rounded-lg border border-slate-200 bg-white p-2 sm:size-48';
  return src ? (
    <img src={src} alt={alt} width={192} height={192} className={frame} />
  ) : (
    <div aria-hidden="true" className={`${frame} animate-pulse bg-slate-100`} />
  );
}
