import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

/** The search field of the top bar: Enter opens the results page for what was typed. */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const current = pathname === '/search' ? (params.get('q') ?? '') : '';
  const [text, setText] = useState(current);

  // Follows the page's query when it changes there (a chip, the history buttons).
  useEffect(() => setText(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (!q) return;
    // Filters chosen on the results page stay while the words change.
    const next = new URLSearchParams(pathname === '/search' ? params : undefined);
    next.set('q', q);
    void navigate({ pathname: '/search', search: `?${next}` });
  };

  return (
    <form role="search" onSubmit={submit} className="min-w-0 flex-1 md:max-w-md">
      <input
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-label={t('search.box.label')}
        placeholder={t('search.box.placeholder')}
        className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 focus-visible:border-brand-500 focus-visible:bg-white focus-visible:outline-2 focus-visible:outline-brand-500"
      />
    </form>
  );
}
