import type { ReactNode } from 'react';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { EmptyState } from './EmptyState.js';
import type { IconName } from './Icon.js';
import { Spinner } from './Spinner.js';

/**
 * What a screen read from the station shows while it is read: the error (with Try again where
 * it can be), a spinner until it is read, then `empty` when there is nothing, else `children`.
 * `children` is a function so that it only runs on what has been read.
 */
export function LoadState({
  error,
  onRetry,
  loading,
  block = true,
  empty,
  children,
}: {
  error: string | null;
  onRetry?(): void;
  /** The spinner's words while loading; false once read. */
  loading: string | false;
  /** The spinner in a block of its own (a screen), or inline (a panel). */
  block?: boolean;
  /** What is said instead of `children` when there is nothing to list; false when there is. */
  empty?: false | { icon: IconName; title: string; text: ReactNode };
  children(): ReactNode;
}) {
  const spinner = loading ? (
    block ? (
      <div className="loading-block">
        <Spinner label={loading} />
      </div>
    ) : (
      <Spinner label={loading} />
    )
  ) : null;
  return (
    <>
      {error ? (
        <Alert
          action={
            onRetry ? (
              <Button size="sm" onClick={onRetry}>
                Try again
              </Button>
            ) : undefined
          }
        >
          {error}
        </Alert>
      ) : null}
      {loading ? (
        error ? null : (
          spinner
        )
      ) : empty ? (
        <EmptyState icon={empty.icon} title={empty.title}>
          <p>{empty.text}</p>
        </EmptyState>
      ) : (
        children()
      )}
    </>
  );
}
