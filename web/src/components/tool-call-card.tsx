import { useI18n } from '../i18n/i18n-context.js';
import type { ToolCallView } from '../state/turn-view.js';
import { toolPreview, toolSummary } from '../text/tool-preview.js';
import { toolStatusLabel } from '../text/tool-status-label.js';
import { Icon } from './icon.js';

/**
 * A tool call: pending with a spinner from `tool-call-start`, then done with its duration and a preview of the
 * result (or the error). The input and the full preview unfold on demand.
 */
export function ToolCallCard({ tool }: { tool: ToolCallView }) {
  const { t, fmt } = useI18n();
  const input = toolPreview(tool.input);
  const output = toolPreview(tool.output);
  const summary = tool.status === 'done' || tool.status === 'error' ? toolSummary(tool.output) : '';
  return (
    <li class={`tool-card tool-${tool.status}`} data-status={tool.status} data-tool={tool.name}>
      <details>
        <summary>
          <span class="tool-status-icon" aria-hidden="true">
            {tool.status === 'pending' ? (
              <span class="spinner" />
            ) : (
              <Icon
                name={tool.status === 'done' ? 'check' : tool.status === 'error' ? 'alert' : 'stop'}
                size={16}
              />
            )}
          </span>
          <code class="tool-name">{tool.name}</code>
          <span class="tool-state">
            {toolStatusLabel(tool.status, t)}
            {tool.durationMs !== undefined && <> · {fmt.duration(tool.durationMs)}</>}
          </span>
          <Icon name="chevron" size={16} />
          {summary !== '' && <span class="tool-summary">{summary}</span>}
        </summary>
        <div class="tool-body">
          {input !== '' && input !== '{}' && (
            <>
              <p class="tool-label">{t.toolInput}</p>
              <pre>
                <code>{input}</code>
              </pre>
            </>
          )}
          {(tool.status === 'done' || tool.status === 'error') && (
            <>
              <p class="tool-label">{tool.status === 'error' ? t.toolError : t.toolResult}</p>
              <pre class="tool-output">
                <code>{output === '' ? t.toolEmptyResult : output}</code>
              </pre>
            </>
          )}
        </div>
      </details>
    </li>
  );
}
