import { Link, type LinkProps } from 'react-router';

export const textLinkClass =
  'rounded-sm font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600';

/** An in-app link inside running text. */
export function TextLink({ className = '', ...props }: LinkProps) {
  return <Link className={`${textLinkClass} ${className}`} {...props} />;
}
