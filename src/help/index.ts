/** `crisp help <topic>`: a rule page, or the list of pages and commands when the topic is unknown. */
import { usageError } from '../errors.js';
import type { Output } from '../output/index.js';
import { HELP_TOPICS } from './topics.js';

export function topicList(): string {
  const width = Math.max(...HELP_TOPICS.map((t) => t.name.length));
  return HELP_TOPICS.map((t) => `  crisp help ${t.name.padEnd(width)}  ${t.summary}`).join('\n');
}

export function helpTopicOutput(name: string, commands: readonly string[]): Output {
  const topic = HELP_TOPICS.find((t) => t.name === name);
  if (!topic) {
    throw usageError(
      'unknown-help-topic',
      `there is no help topic or command called "${name}"`,
      `topics: ${HELP_TOPICS.map((t) => t.name).join(', ')}; commands: ${commands.filter((c) => !c.startsWith('_')).join(', ')}`,
    );
  }
  return { json: { topic: topic.name, summary: topic.summary, text: topic.text }, human: `${topic.text}\n\nOther topics:\n${topicList()}` };
}
