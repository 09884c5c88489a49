import { useTranslation } from 'react-i18next';
import type { MeasureContent, NodeContent } from '../../api/client';
import { inDocumentOrder } from '../../../domain/tree';
import { registerTranslations } from '../../i18n';
import en from './en.json';
import { MeasureItem, Prose, namesOf, nodeLabel, nodeTitle, shownNodeNumber, type Vocabulary } from './shared';
import sv from './sv.json';

registerTranslations('plan', sv, en);

type HeadingLevel = 2 | 3 | 4 | 5 | 6;
const headingTag = (level: number) => `h${Math.min(Math.max(level, 2), 6) as HeadingLevel}` as const;

/**
 * A condition ("behöver vara på plats"), strategy ("genom att") or need with nothing under it reads
 * as a line in a list under its goal, as the plans write them; with measures or sub-nodes of its
 * own it gets a heading like a goal.
 */
function isListLine(node: NodeContent): boolean {
  return (node.role === 'condition' || node.role === 'strategy' || node.role === 'need') && node.children.length === 0 && node.measures.length === 0;
}

/** Consecutive list lines of one role (and label) form one list. */
function groupChildren(children: NodeContent[]): ({ kind: 'list'; role: NodeContent['role']; label: string | null; nodes: NodeContent[] } | { kind: 'node'; node: NodeContent })[] {
  const groups: ReturnType<typeof groupChildren> = [];
  for (const child of children) {
    if (isListLine(child)) {
      const last = groups.at(-1);
      if (last && last.kind === 'list' && last.role === child.role && last.label === (child.label ?? null)) last.nodes.push(child);
      else groups.push({ kind: 'list', role: child.role, label: child.label ?? null, nodes: [child] });
    } else groups.push({ kind: 'node', node: child });
  }
  return groups;
}

export interface GoalTreeProps {
  nodes: NodeContent[];
  /** Number or code to show for every node and measure (displayNumbers). */
  numbers: Map<string, string>;
  unitNames: Map<string, string>;
  vocabulary: Vocabulary;
  /** The heading level of the top-level nodes. */
  headingLevel: HeadingLevel;
  /** "print" writes the plan as a document: numbered measures, responsibility spelled out, no links. */
  variant?: 'screen' | 'print';
  /** Say so under a goal without measures (pointless where the plan has no measures at all). */
  noteEmptyGoals?: boolean;
}

/** The plan's goals in document order, each with its conditions or strategies and its measures. */
export function GoalTree(props: GoalTreeProps) {
  return (
    <div className={`goal-tree goal-tree--${props.variant ?? 'screen'}`}>
      {groupChildren(inDocumentOrder(props.nodes)).map((group) =>
        group.kind === 'node' ? <NodeBlock key={group.node.id} {...props} node={group.node} level={props.headingLevel} /> : <LineList key={group.nodes[0]!.id} {...props} group={group} level={props.headingLevel} />,
      )}
    </div>
  );
}

function LineList({ group, level }: GoalTreeProps & { group: { role: NodeContent['role']; label: string | null; nodes: NodeContent[] }; level: number }) {
  const { t } = useTranslation('plan');
  const Heading = headingTag(level);
  const title = group.label?.trim() || t(`tree.lines.${group.role}`);
  const id = `lines-${group.nodes[0]!.id}`;
  return (
    <div className={`node-lines node-lines--${group.role}`}>
      <Heading id={id} className="node-lines__title">
        {title}
      </Heading>
      <ul aria-labelledby={id}>
        {group.nodes.map((node) => (
          <li key={node.id} id={`node-${node.id}`}>
            {node.text}
            {node.description && <span className="muted"> {node.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NodeBlock(props: GoalTreeProps & { node: NodeContent; level: number }) {
  const { node, level, numbers, vocabulary, variant } = props;
  const { t } = useTranslation('plan');
  const Heading = headingTag(level);
  const number = shownNodeNumber(node, numbers);
  const measures = inDocumentOrder(node.measures);
  const groups = groupChildren(inDocumentOrder(node.children));
  // The lists of conditions/strategies come first, as in the plans; then the measures; then sub-goals.
  const lineGroups = groups.filter((g) => g.kind === 'list');
  const subNodes = groups.filter((g) => g.kind === 'node');
  return (
    // A plain section, not a named region: a plan's many goals would crowd the landmark list.
    <section className={`goal goal--depth-${Math.min(level - props.headingLevel, 3)}`}>
      <Heading id={`node-${node.id}`} className="goal__title">
        {nodeTitle(node, number, t)}
      </Heading>
      {node.description && (
        <div className="goal__description">
          <Prose text={node.description} />
        </div>
      )}
      {node.preventionLevels.length > 0 && (
        <p className="goal__meta">
          {t('levels', { count: node.preventionLevels.length })}: {node.preventionLevels.map((l) => vocabulary.term('prevention_level', l)).join(', ')}
        </p>
      )}
      {node.frameworkLinks.length > 0 && (
        <p className="goal__meta">
          {t('frameworks')}:{' '}
          {node.frameworkLinks
            .map((ref) => {
              const f = vocabulary.framework(ref);
              return `${f.group}: ${f.label}`;
            })
            .join('; ')}
        </p>
      )}
      {lineGroups.map((group) => (
        <LineList key={group.nodes[0]!.id} {...props} group={group} level={level + 1} />
      ))}
      {measures.length > 0 && <Measures {...props} measures={measures} level={level + 1} heading={variant === 'print' ? t('print.measures', { count: measures.length }) : t('tree.measures', { node: number ? `${nodeLabel(node, t)} ${number}` : nodeLabel(node, t), count: measures.length })} />}
      {subNodes.map((g) => (
        <NodeBlock key={g.node.id} {...props} node={g.node} level={level + 1} />
      ))}
      {props.noteEmptyGoals && variant !== 'print' && measures.length === 0 && subNodes.length === 0 && node.role === 'goal' && lineGroups.length === 0 && <p className="muted">{t('tree.noMeasuresHere')}</p>}
    </section>
  );
}

function Measures({ measures, level, heading, numbers, unitNames, vocabulary, variant, node }: GoalTreeProps & { node: NodeContent; measures: MeasureContent[]; level: number; heading: string }) {
  const { t } = useTranslation('plan');
  const Heading = headingTag(level);
  const id = `measures-${node.id}`;
  if (variant === 'print') {
    return (
      <div className="print-measures">
        <Heading id={id} className="print-measures__title">
          {heading}
        </Heading>
        <ol className="print-measure-list" aria-labelledby={id}>
          {measures.map((m) => {
            const lead = namesOf(m.leadUnitIds, unitNames);
            const co = namesOf(m.coUnitIds, unitNames);
            const leadText = lead.length ? lead.join(', ') : (m.responsibilityText ?? '');
            return (
              <li key={m.id} className="print-measure">
                <p className="print-measure__text">
                  <strong className="print-measure__code">{t('print.measureCode', { code: numbers.get(m.id) ?? '' })}</strong> {m.text}
                </p>
                {m.description && (
                  <div className="print-measure__description">
                    <Prose text={m.description} />
                  </div>
                )}
                {(leadText || co.length > 0) && (
                  <p className="print-measure__responsibility">
                    {leadText && (
                      <span>
                        <strong>{t('print.lead')}:</strong> {leadText}
                      </span>
                    )}
                    {co.length > 0 && (
                      <span>
                        <strong>{t('print.co')}:</strong> {co.join(', ')}
                      </span>
                    )}
                  </p>
                )}
                {m.preventionLevels.length > 0 && (
                  <p className="print-measure__levels">
                    <strong>{t('levels', { count: m.preventionLevels.length })}:</strong> {m.preventionLevels.map((l) => vocabulary.term('prevention_level', l)).join(', ')}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      </div>
    );
  }
  return (
    <div className="node-measures">
      <Heading id={id} className="node-measures__title">
        {heading}
      </Heading>
      <ul className="measure-list" aria-labelledby={id}>
        {measures.map((m) => (
          <MeasureItem key={m.id} measure={m} code={numbers.get(m.id) ?? null} unitNames={unitNames} vocabulary={vocabulary} />
        ))}
      </ul>
    </div>
  );
}
