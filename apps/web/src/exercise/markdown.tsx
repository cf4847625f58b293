// Markdown of exercises (body, task instructions) through react-markdown: CommonMark to React elements, raw HTML
// dropped (skipHtml), so an exercise file cannot inject markup or scripts.
import Markdown from 'react-markdown';

export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      <Markdown skipHtml>{text}</Markdown>
    </div>
  );
}
