import type { ComponentType, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';

interface ComingSoonProps {
  title: string;
  description: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

/** Placeholder for a section that is not built yet; says so plainly instead of showing an empty page. */
export function ComingSoon({ title, description, icon: Icon }: ComingSoonProps) {
  const { t } = useTranslation();
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-16 text-center">
      <span className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-brand-50 text-brand-600">
        <Icon className="size-7" />
      </span>
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <span
        data-testid="coming-soon"
        className="mt-3 rounded-full bg-amber-100 px-3 py-1 text-xs font-medium tracking-wide text-amber-800 uppercase"
      >
        {t('comingSoon.badge')}
      </span>
      <p className="mt-4 text-slate-600">{description}</p>
      <p className="mt-2 text-sm text-slate-500">{t('comingSoon.text')}</p>
    </section>
  );
}
