import { useEffect } from 'react';

/** The document title of a screen ("Exercises · Podlab"): what a screen reader announces and a tab shows. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Podlab` : 'Podlab';
  }, [title]);
}
