import { type CombinedError } from 'urql';

/** A readable sentence for an operation's error: GraphQL messages (with field messages), or the network failure. */
export function describeError(error: CombinedError | undefined): string {
  if (!error) return '';
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors
      .map((e) => {
        const fields = e.extensions?.['fields'] as { field: string; messages: string[] }[] | undefined;
        const details = fields?.flatMap((f) => f.messages).join(' ');
        return details ? `${e.message} ${details}` : e.message;
      })
      .join(' ');
  }
  if (error.networkError) return 'The API cannot be reached. Check your connection and try again.';
  return error.message;
}
