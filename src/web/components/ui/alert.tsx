import type { ReactNode } from 'react';

type Tone = 'error' | 'warning' | 'info' | 'success';

const TONE_PREFIX: Record<Tone, string> = {
  error: 'Erreur',
  warning: 'Attention',
  info: 'Information',
  success: 'Succès',
};

interface AlertProps {
  tone: Tone;
  title?: string;
  children: ReactNode;
  /** Errors are announced at once (role=alert); other tones are plain notes unless `live` is set. */
  live?: boolean;
  className?: string;
}

/** A boxed message whose tone is given by text (the title or a hidden prefix), not by colour alone. */
export function Alert({ tone, title, children, live, className }: AlertProps) {
  const role = tone === 'error' ? 'alert' : live ? 'status' : undefined;
  return (
    <div className={`alert alert-${tone}${className ? ` ${className}` : ''}`} role={role}>
      <span className="alert-icon" aria-hidden="true" />
      <div className="alert-body">
        {title ? (
          <p className="alert-title">{title}</p>
        ) : (
          <span className="sr-only">{TONE_PREFIX[tone]} : </span>
        )}
        {children}
      </div>
    </div>
  );
}
