import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useLoaderData, useLocation, useRevalidator, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MeasureContent, type MeasureDetail, type NodeContent, type Organization, type PlanContent, type TaxonomyList } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { announce } from '../../components/LiveRegion';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { isContentEditable } from '../../../domain/lifecycle';
import { displayNumbers } from '../../../domain/numbering';
import { findMeasure, findNode, flattenNodes, inDocumentOrder, isSameOrDescendant } from '../../../domain/tree';
import { emptyMeasure, MeasureForm } from './MeasureForm';
import { NewVersionDialog, NotEditableNotice } from './NewVersion';
import { NodeForm, nodeValuesFrom, type NodeRecord } from './NodeForm';
import { PlanHead } from './PlanHead';
import { NotAllowed } from '../access/NotAllowed';
import { ns, short, suggestCode, useReturnFocus } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const tree = await api<PlanContent>(`/plans/${params.planId}/tree`, { signal });
  const [organization, taxonomies] = await Promise.all([
    api<Organization>(`/organizations/${tree.plan.organizationId}`, { signal }),
    api<TaxonomyList>(`/organizations/${tree.plan.organizationId}/taxonomies`, { signal }),
  ]);
  return { tree, organization, taxonomies };
}

type Editor =
  | { kind: 'addNode'; parentId: string | null }
  | { kind: 'editNode'; id: string }
  | { kind: 'addMeasure'; nodeId: string }
  | { kind: 'moveNode'; id: string }
  | { kind: 'moveMeasure'; id: string };

type Pending = { kind: 'deleteNode'; node: NodeContent } | { kind: 'deleteMeasure'; measure: MeasureContent } | { kind: 'revise' };

type Dragged = { type: 'node' | 'measure'; id: string };

/** How many nodes and measures lie under a node (not counting the node itself). */
function countBelow(node: NodeContent): { nodes: number; measures: number } {
  return node.children.reduce(
    (sum, child) => {
      const below = countBelow(child);
      return { nodes: sum.nodes + 1 + below.nodes, measures: sum.measures + below.measures };
    },
    { nodes: 0, measures: node.measures.length },
  );
}

/** The id of the button that opened an editor: focus goes back there when it closes. */
function openerId(editor: Editor): string {
  switch (editor.kind) {
    case 'addNode':
      return editor.parentId ? `add-child-${editor.parentId}` : 'add-top-node';
    case 'editNode':
      return `edit-node-${editor.id}`;
    case 'addMeasure':
      return `add-measure-${editor.nodeId}`;
    case 'moveNode':
      return `move-node-${editor.id}`;
    case 'moveMeasure':
      return `move-measure-${editor.id}`;
  }
}

/**
 * Someone whose role may not change this plan (a reporter on the city-wide plan, a reader) who
 * opens the address directly is told so plainly instead of getting a form the server would refuse.
 */
export function Component() {
  const { tree } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  if (!can('edit_plan', tree.plan.organizationId, tree.plan)) return <NotAllowed need="editor" />;
  return <EditStructure />;
}

function EditStructure() {
  const { t } = useTranslation(ns);
  const { tree, organization, taxonomies } = useLoaderData<typeof loader>();
  const plan = tree.plan;
  const revalidator = useRevalidator();
  const location = useLocation();
  const { can } = useCapabilities();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [editorDirty, setEditorDirty] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; kind: 'error' | 'success' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragged, setDragged] = useState<Dragged | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  useUnsavedChanges(editor !== null && editorDirty);

  const editable = isContentEditable(plan.status) && can('edit_plan', plan.organizationId, plan);
  const numbers = displayNumbers(tree.nodes);
  const unitNames = new Map(tree.units.map((u) => [u.id, u.name]));
  const nodeName = (node: Pick<NodeContent, 'id' | 'label' | 'text'> & { role: string }) =>
    `${node.label ?? t(`common:enums.nodeRole.${node.role}`)} ${numbers.get(node.id) ?? ''} ${short(node.text, 50)}`.replace(/\s+/g, ' ').trim();
  const measureName = (measure: Pick<MeasureContent, 'id' | 'text'>) => `${t('structure.measure')} ${numbers.get(measure.id) ?? ''} ${short(measure.text, 50)}`.replace(/\s+/g, ' ').trim();

  // After a change the tree is read again; then focus goes to the item that was changed.
  useEffect(() => {
    if (!focusId || revalidator.state !== 'idle') return;
    const element = document.getElementById(focusId);
    if (element) {
      element.focus();
      element.scrollIntoView({ block: 'nearest' });
    }
    setFocusId(null);
  }, [focusId, revalidator.state, tree]);

  // Arriving from a measure's edit page: focus that measure.
  useEffect(() => {
    const wanted = (location.state as { focus?: string } | null)?.focus;
    if (wanted) document.getElementById(wanted.replace(/^measure-/, 'edit-measure-'))?.focus();
    // Only on arrival: the state belongs to the navigation that brought the user here.
  }, []);

  const reload = useCallback(
    async (focus: string | null) => {
      await revalidator.revalidate();
      setFocusId(focus);
    },
    [revalidator],
  );

  const fail = (error: unknown) => {
    const text = error instanceof ApiError ? error.message : String(error);
    // Shown in a role="alert" notice, which screen readers speak by itself.
    setMessage({ text, kind: 'error' });
    if (error instanceof ApiError && (error.code === 'plan_not_editable' || error.code === 'version_conflict' || error.status === 404)) {
      void reload('structure-heading');
    }
  };

  /** A change went through: say so in the notice and to screen readers. */
  const succeed = (text: string) => {
    setMessage({ text, kind: 'success' });
    announce(text);
  };

  const openEditor = (next: Editor) => {
    if (editor && editorDirty && !window.confirm(t('unsaved', { ns: 'common' }))) return;
    setMessage(null);
    setEditorDirty(false);
    setEditor(next);
  };
  const closeEditor = (focus?: string) => {
    const id = focus ?? (editor ? openerId(editor) : null);
    setEditor(null);
    setEditorDirty(false);
    if (id) window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  };

  /** Runs a move request; once done, `done()` says what moved where and focus returns to `focusId`. */
  const runMove = async (request: () => Promise<unknown>, done: () => string, focusId: string) => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await request();
      const text = done();
      setEditor(null);
      succeed(text);
      await reload(focusId);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const moveMeasure = (measure: MeasureContent, nodeId: string, position: number) =>
    runMove(
      () => api<MeasureDetail>(`/measures/${measure.id}/move`, { method: 'POST', body: { version: measure.version, nodeId, position } }),
      () => {
        const target = findNode(tree.nodes, nodeId)!;
        const count = target.measures.filter((m) => m.id !== measure.id).length + 1;
        return t('structure.measureMoved', { name: measureName(measure), target: nodeName(target), position: Math.min(position, count - 1) + 1, count });
      },
      `move-measure-${measure.id}`,
    );

  const moveNode = (node: NodeContent, parentId: string | null, position: number) =>
    runMove(
      () => api<NodeRecord>(`/nodes/${node.id}/move`, { method: 'POST', body: { version: node.version, parentId, position } }),
      () => {
        const siblings = parentId ? findNode(tree.nodes, parentId)!.children : tree.nodes;
        const count = siblings.filter((n) => n.id !== node.id).length + 1;
        const parent = parentId ? nodeName(findNode(tree.nodes, parentId)!) : t('structure.topLevel');
        return t('structure.nodeMoved', { name: nodeName(node), target: parent, position: Math.min(position, count - 1) + 1, count });
      },
      `move-node-${node.id}`,
    );

  const confirmDelete = async () => {
    if (!pending || pending.kind === 'revise' || busy) return;
    setBusy(true);
    try {
      const name = pending.kind === 'deleteNode' ? nodeName(pending.node) : measureName(pending.measure);
      if (pending.kind === 'deleteNode') await api(`/nodes/${pending.node.id}?version=${pending.node.version}`, { method: 'DELETE' });
      else await api(`/measures/${pending.measure.id}?version=${pending.measure.version}`, { method: 'DELETE' });
      setPending(null);
      succeed(t('structure.deleted', { name }));
      await reload('structure-heading');
    } catch (error) {
      setPending(null);
      returnFocus.restore('structure-heading');
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  // --- drag and drop: the same moves as the Flytta forms ---------------------------------
  const dragProps = (item: Dragged) =>
    editable && !editor
      ? {
          draggable: true,
          onDragStart: (e: DragEvent) => {
            e.stopPropagation();
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', item.id);
            setDragged(item);
          },
          onDragEnd: () => {
            setDragged(null);
            setDropTarget(null);
          },
        }
      : {};

  /** Where a dragged item would go if dropped on `target`; null when it cannot go there. */
  const dropPlan = (target: { type: 'node' | 'measure'; id: string }): (() => void) | null => {
    if (!dragged || dragged.id === target.id) return null;
    if (dragged.type === 'measure') {
      const found = findMeasure(tree.nodes, dragged.id);
      if (!found) return null;
      if (target.type === 'node') {
        const node = findNode(tree.nodes, target.id)!;
        return () => void moveMeasure(found.measure, node.id, node.measures.filter((m) => m.id !== dragged.id).length);
      }
      const at = findMeasure(tree.nodes, target.id)!;
      const others = inDocumentOrder(at.node.measures).filter((m) => m.id !== dragged.id);
      return () => void moveMeasure(found.measure, at.node.id, others.findIndex((m) => m.id === target.id));
    }
    if (target.type !== 'node') return null;
    const node = findNode(tree.nodes, dragged.id);
    const before = findNode(tree.nodes, target.id);
    if (!node || !before || isSameOrDescendant(tree.nodes, node.id, before.id)) return null;
    const siblings = inDocumentOrder(before.parentId ? findNode(tree.nodes, before.parentId)!.children : tree.nodes).filter((n) => n.id !== node.id);
    return () => void moveNode(node, before.parentId, siblings.findIndex((n) => n.id === before.id));
  };

  const dropProps = (target: { type: 'node' | 'measure'; id: string }) =>
    editable && dragged
      ? {
          onDragOver: (e: DragEvent) => {
            if (!dropPlan(target)) return;
            e.preventDefault();
            e.stopPropagation();
            e.dataTransfer.dropEffect = 'move';
            setDropTarget(`${target.type}-${target.id}`);
          },
          onDragLeave: (e: DragEvent) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTarget((d) => (d === `${target.type}-${target.id}` ? null : d));
          },
          onDrop: (e: DragEvent) => {
            const run = dropPlan(target);
            if (!run) return;
            e.preventDefault();
            e.stopPropagation();
            setDragged(null);
            setDropTarget(null);
            run();
          },
        }
      : {};

  /** A draggable row that is also a drop target, with its class marking either state. */
  const dndProps = (item: Dragged, className: string) => ({
    className: `${className}${dropTarget === `${item.type}-${item.id}` ? ' is-drop-target' : ''}${dragged?.id === item.id ? ' is-dragged' : ''}`,
    ...dragProps(item),
    ...dropProps(item),
  });

  /** A new node went in: close its form, say so, and focus its edit button. */
  const nodeCreated = (created: NodeRecord) => {
    setEditor(null);
    setEditorDirty(false);
    succeed(t('structure.nodeCreated', { name: nodeName(created) }));
    void reload(`edit-node-${created.id}`);
  };

  // --- rendering ------------------------------------------------------------------------------------
  const renderMeasure = (measure: MeasureContent, node: NodeContent): ReactNode => {
    const code = numbers.get(measure.id) ?? '';
    const lead = measure.leadUnitIds.map((id) => unitNames.get(id) ?? id);
    const co = measure.coUnitIds.map((id) => unitNames.get(id) ?? id);
    const hidden = <span className="visually-hidden"> {measureName(measure)}</span>;
    return (
      <li key={measure.id} id={`measure-${measure.id}`} className="structure-measure">
        <div {...dndProps({ type: 'measure', id: measure.id }, 'structure-measure__row')}>
          <div className="structure-measure__text">
            <span className="structure-code">{code}</span> {measure.text}
            {(lead.length > 0 || co.length > 0) && (
              <span className="structure-measure__units">
                {lead.length > 0 && (
                  <span>
                    {t('common:enums.unitRole.lead')}: {lead.join(', ')}
                  </span>
                )}
                {co.length > 0 && (
                  <span>
                    {t('common:enums.unitRole.co')}: {co.join(', ')}
                  </span>
                )}
              </span>
            )}
          </div>
          {editable && (
            <div className="structure-actions">
              <Link id={`edit-measure-${measure.id}`} className="button button--secondary button--small" to={`/measures/${measure.id}/edit`}>
                {t('actions.edit', { ns: 'common' })}
                {hidden}
              </Link>
              <MoveAndDeleteButtons
                moveId={`move-measure-${measure.id}`}
                moveOpen={editor?.kind === 'moveMeasure' && editor.id === measure.id}
                onToggleMove={() => (editor?.kind === 'moveMeasure' && editor.id === measure.id ? closeEditor() : openEditor({ kind: 'moveMeasure', id: measure.id }))}
                onDelete={() => {
                  returnFocus.remember();
                  setPending({ kind: 'deleteMeasure', measure });
                }}
                hidden={hidden}
              />
            </div>
          )}
        </div>
        {editor?.kind === 'moveMeasure' && editor.id === measure.id && (
          <MoveMeasureForm
            measure={measure}
            node={node}
            nodes={tree.nodes}
            nodeName={nodeName}
            measureName={measureName}
            onMove={(nodeId, position) => void moveMeasure(measure, nodeId, position)}
            onCancel={() => closeEditor()}
          />
        )}
      </li>
    );
  };

  const renderNode = (node: NodeContent, depth: number): ReactNode => {
    const number = numbers.get(node.id) ?? '';
    const hidden = <span className="visually-hidden"> {nodeName(node)}</span>;
    const Heading = `h${Math.min(3 + depth, 6)}` as 'h3';
    const EditorHeading = `h${Math.min(4 + depth, 6)}` as 'h4';
    const measures = inDocumentOrder(node.measures);
    const children = inDocumentOrder(node.children);
    const isEditing = editor?.kind === 'editNode' && editor.id === node.id;
    return (
      <li key={node.id} id={`node-${node.id}`} className={`structure-node structure-node--${node.role}`}>
        <div {...dndProps({ type: 'node', id: node.id }, 'structure-node__header')}>
          <Heading className="structure-node__title" id={`node-title-${node.id}`}>
            <span className="structure-node__kind">{node.label ?? t(`common:enums.nodeRole.${node.role}`)}</span> {number && <span className="structure-code">{number}</span>} {node.text}
          </Heading>
          {editable && (
            <div className="structure-actions">
              <button
                type="button"
                id={`edit-node-${node.id}`}
                className="button button--secondary button--small"
                aria-expanded={isEditing}
                onClick={() => (isEditing ? closeEditor() : openEditor({ kind: 'editNode', id: node.id }))}
              >
                {t('actions.edit', { ns: 'common' })}
                {hidden}
              </button>
              <MoveAndDeleteButtons
                moveId={`move-node-${node.id}`}
                moveOpen={editor?.kind === 'moveNode' && editor.id === node.id}
                onToggleMove={() => (editor?.kind === 'moveNode' && editor.id === node.id ? closeEditor() : openEditor({ kind: 'moveNode', id: node.id }))}
                onDelete={() => {
                  returnFocus.remember();
                  setPending({ kind: 'deleteNode', node });
                }}
                hidden={hidden}
              />
            </div>
          )}
        </div>
        {node.description && !isEditing && <p className="structure-node__description">{node.description}</p>}
        {isEditing && (
          <div className="structure-editor">
            <NodeForm
              idPrefix={`node-form-${node.id}`}
              initial={nodeValuesFrom(node)}
              version={node.version}
              submitLabel={t('structure.saveNode')}
              save={(body) => api<NodeRecord>(`/nodes/${node.id}`, { method: 'PATCH', body })}
              onSaved={(saved) => {
                closeEditor(`edit-node-${node.id}`);
                succeed(t('structure.nodeSaved', { name: nodeName(saved) }));
                void reload(`edit-node-${node.id}`);
              }}
              onCancel={() => closeEditor()}
              onDirtyChange={setEditorDirty}
              onNotEditable={() => void reload(null)}
            />
          </div>
        )}
        {editor?.kind === 'moveNode' && editor.id === node.id && (
          <MoveNodeForm node={node} nodes={tree.nodes} nodeName={nodeName} onMove={(parentId, position) => void moveNode(node, parentId, position)} onCancel={() => closeEditor()} />
        )}
        {measures.length > 0 && (
          <ul className="structure-measures" aria-label={t('structure.measuresUnder', { name: nodeName(node) })}>
            {measures.map((m) => renderMeasure(m, node))}
          </ul>
        )}
        {editable && (
          <div className="button-row structure-add">
            <button
              type="button"
              id={`add-measure-${node.id}`}
              className="button button--secondary button--small"
              aria-expanded={editor?.kind === 'addMeasure' && editor.nodeId === node.id}
              onClick={() => openEditor({ kind: 'addMeasure', nodeId: node.id })}
            >
              {t('structure.addMeasure')}
              <span className="visually-hidden"> {t('structure.under', { name: nodeName(node) })}</span>
            </button>
          </div>
        )}
        {editor?.kind === 'addMeasure' && editor.nodeId === node.id && (
          <section className="structure-editor" aria-labelledby={`add-measure-title-${node.id}`}>
            <EditorHeading className="structure-editor__title" id={`add-measure-title-${node.id}`}>
              {t('structure.newMeasureUnder', { name: nodeName(node) })}
            </EditorHeading>
            <MeasureForm
              idPrefix={`new-measure-${node.id}`}
              organizationId={plan.organizationId}
              taxonomies={taxonomies}
              initial={emptyMeasure(suggestCode(tree.nodes, node.id) ?? '')}
              version={0}
              codeSuggestion={suggestCode(tree.nodes, node.id)}
              submitLabel={t('structure.createMeasure')}
              save={(body) => api<MeasureDetail>(`/nodes/${node.id}/measures`, { method: 'POST', body })}
              onSaved={(created) => {
                setEditor(null);
                setEditorDirty(false);
                succeed(t('structure.measureCreated', { name: measureName(created) }));
                void reload(`edit-measure-${created.id}`);
              }}
              onCancel={() => closeEditor()}
              onDirtyChange={setEditorDirty}
              onNotEditable={() => void reload(null)}
            />
          </section>
        )}
        {(children.length > 0 || (editor?.kind === 'addNode' && editor.parentId === node.id)) && (
          <ol className="structure-tree structure-tree--nested" aria-label={t('structure.childrenOf', { name: nodeName(node) })}>
            {children.map((child) => renderNode(child, depth + 1))}
          </ol>
        )}
        {editable && (
          <div className="button-row structure-add">
            <button
              type="button"
              id={`add-child-${node.id}`}
              className="button button--secondary button--small"
              aria-expanded={editor?.kind === 'addNode' && editor.parentId === node.id}
              onClick={() => openEditor({ kind: 'addNode', parentId: node.id })}
            >
              {t('structure.addChild')}
              <span className="visually-hidden"> {t('structure.under', { name: nodeName(node) })}</span>
            </button>
          </div>
        )}
        {editor?.kind === 'addNode' && editor.parentId === node.id && (
          <section className="structure-editor" aria-labelledby={`add-node-title-${node.id}`}>
            <EditorHeading className="structure-editor__title" id={`add-node-title-${node.id}`}>
              {t('structure.newNodeUnder', { name: nodeName(node) })}
            </EditorHeading>
            <NewNodeForm
              idPrefix={`new-node-${node.id}`}
              parentId={node.id}
              planId={plan.id}
              role={node.role === 'goal' ? 'strategy' : node.role}
              onCreated={nodeCreated}
              onCancel={() => closeEditor()}
              onDirtyChange={setEditorDirty}
              onNotEditable={() => void reload(null)}
            />
          </section>
        )}
      </li>
    );
  };

  const title = t('structure.title');
  const deleteCounts = pending?.kind === 'deleteNode' ? countBelow(pending.node) : null;
  return (
    <>
      <PlanHead plan={plan} organizationName={organization.name} section={title} />
      <h2 id="structure-heading" tabIndex={-1}>
        {title}
      </h2>
      {!isContentEditable(plan.status) ? (
        <NotEditableNotice
          status={plan.status}
          onNewVersion={
            can('create_plan', plan.organizationId)
              ? () => {
                  returnFocus.remember();
                  setPending({ kind: 'revise' });
                }
              : undefined
          }
        />
      ) : (
        editable && <p className="lead">{t('structure.intro')}</p>
      )}
      {editable && (
        <details className="structure-help">
          <summary>{t('structure.helpTitle')}</summary>
          <p>{t('structure.helpKeyboard')}</p>
          <p>{t('structure.helpDrag')}</p>
        </details>
      )}
      {message && (
        <div className={`notice ${message.kind === 'error' ? 'notice--warning' : 'notice--success'}`} role={message.kind === 'error' ? 'alert' : undefined}>
          {message.text}
        </div>
      )}
      {tree.nodes.length === 0 && <p>{editable ? t('structure.emptyEditable') : t('structure.empty')}</p>}
      {tree.nodes.length > 0 && (
        <ol className="structure-tree" aria-label={t('structure.treeLabel')}>
          {inDocumentOrder(tree.nodes).map((node) => renderNode(node, 0))}
        </ol>
      )}
      {editable && (
        <>
          <p>
            <button
              type="button"
              id="add-top-node"
              className="button button--secondary"
              aria-expanded={editor?.kind === 'addNode' && editor.parentId === null}
              onClick={() => openEditor({ kind: 'addNode', parentId: null })}
            >
              {t('structure.addTopNode')}
            </button>
          </p>
          {editor?.kind === 'addNode' && editor.parentId === null && (
            <section className="structure-editor" aria-labelledby="add-top-node-title">
              <h3 id="add-top-node-title" className="structure-editor__title">
                {t('structure.newTopNode')}
              </h3>
              <NewNodeForm
                idPrefix="new-node-top"
                parentId={null}
                planId={plan.id}
                role="goal"
                onCreated={nodeCreated}
                onCancel={() => closeEditor()}
                onDirtyChange={setEditorDirty}
                onNotEditable={() => void reload(null)}
              />
            </section>
          )}
        </>
      )}

      {pending?.kind === 'revise' && (
        <NewVersionDialog
          open
          planId={plan.id}
          planTitle={plan.title}
          goTo="structure"
          onClose={() => {
            setPending(null);
            returnFocus.restore('structure-heading');
          }}
        />
      )}
      {(pending?.kind === 'deleteNode' || pending?.kind === 'deleteMeasure') && (
        <ConfirmDialog
          open
          danger
          busy={busy}
          title={pending.kind === 'deleteNode' ? t('structure.deleteNodeTitle', { name: nodeName(pending.node) }) : t('structure.deleteMeasureTitle', { name: measureName(pending.measure) })}
          confirmLabel={t('actions.delete', { ns: 'common' })}
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            setPending(null);
            returnFocus.restore('structure-heading');
          }}
        >
          {deleteCounts && (
            <p>
              {deleteCounts.nodes + deleteCounts.measures === 0
                ? t('structure.deleteNothingBelow')
                : t('structure.deleteBelow', {
                    nodes: t('structure.nodeCount', { count: deleteCounts.nodes }),
                    measures: t('structure.measureCount', { count: deleteCounts.measures }),
                  })}
            </p>
          )}
          <p>{t('structure.deleteExplain')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function NewNodeForm(props: {
  idPrefix: string;
  parentId: string | null;
  planId: string;
  role: string;
  onCreated: (node: NodeRecord) => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
  onNotEditable: () => void;
}) {
  const { t } = useTranslation(ns);
  useEffect(() => {
    document.getElementById(`${props.idPrefix}-text`)?.focus();
  }, [props.idPrefix]);
  return (
    <NodeForm
      idPrefix={props.idPrefix}
      initial={{ role: props.role, label: '', number: '', text: '', description: '' }}
      version={0}
      submitLabel={t('structure.createNode')}
      save={(body) => api<NodeRecord>(`/plans/${props.planId}/nodes`, { method: 'POST', body: { ...body, parentId: props.parentId } })}
      onSaved={props.onCreated}
      onCancel={props.onCancel}
      onDirtyChange={props.onDirtyChange}
      onNotEditable={props.onNotEditable}
    />
  );
}

/** Escape closes a move form, as it would a dialog. */
function onEscape(event: KeyboardEvent, cancel: () => void) {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  cancel();
}

/**
 * The keyboard alternative to dragging: step up or down among the siblings, or choose where the item
 * goes (a goal for a measure, the level above for a node) and its place there.
 */
function MoveForm(props: {
  id: string;
  title: string;
  index: number;
  count: number;
  onStep: (toIndex: number) => void;
  containerLabel: string;
  containers: { value: string; label: string }[];
  container: string;
  onContainerChange: (value: string) => void;
  /** The items already in the chosen container, as the "after …" choices. */
  placements: { id: string; name: string }[];
  position: string;
  onPositionChange: (value: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(ns);
  const p = props.id;
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => selectRef.current?.focus(), []);
  return (
    <div className="move-form" role="group" aria-labelledby={`${p}-title`} onKeyDown={(e) => onEscape(e, props.onCancel)}>
      <p className="move-form__title" id={`${p}-title`}>
        {props.title}
      </p>
      <div className="button-row">
        {props.index > 0 && (
          <button type="button" className="button button--secondary button--small" onClick={() => props.onStep(props.index - 1)}>
            {t('structure.moveUp')}
          </button>
        )}
        {props.index < props.count - 1 && (
          <button type="button" className="button button--secondary button--small" onClick={() => props.onStep(props.index + 1)}>
            {t('structure.moveDown')}
          </button>
        )}
      </div>
      <div className="field-row">
        <div className="field">
          <label className="field__label" htmlFor={`${p}-container`}>
            {props.containerLabel}
          </label>
          <select ref={selectRef} className="select" id={`${p}-container`} value={props.container} onChange={(e) => props.onContainerChange(e.target.value)}>
            {props.containers.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${p}-position`}>
            {t('structure.position')}
          </label>
          <select className="select" id={`${p}-position`} value={props.position} onChange={(e) => props.onPositionChange(e.target.value)}>
            <option value="0">{t('structure.first')}</option>
            {props.placements.map((item, i) => (
              <option key={item.id} value={String(i + 1)}>
                {t('structure.after', { name: item.name })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="button button--small" onClick={props.onSubmit}>
          {t('structure.moveHere')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={props.onCancel}>
          {t('actions.cancel', { ns: 'common' })}
        </button>
      </div>
    </div>
  );
}

const indentedNodeOptions = (entries: { node: NodeContent; depth: number }[], nodeName: (node: NodeContent) => string) =>
  entries.map(({ node: n, depth }) => ({ value: n.id, label: `${'— '.repeat(depth)}${nodeName(n)}` }));

/** Moving a measure: to another goal, or to another place under its own. */
function MoveMeasureForm(props: {
  measure: MeasureContent;
  node: NodeContent;
  nodes: NodeContent[];
  nodeName: (node: NodeContent) => string;
  measureName: (measure: MeasureContent) => string;
  onMove: (nodeId: string, position: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(ns);
  const { measure, node, nodes } = props;
  const siblings = inDocumentOrder(node.measures);
  const index = siblings.findIndex((m) => m.id === measure.id);
  const [targetId, setTargetId] = useState(node.id);
  const target = findNode(nodes, targetId) ?? node;
  const others = inDocumentOrder(target.measures).filter((m) => m.id !== measure.id);
  const [position, setPosition] = useState(String(target.id === node.id ? index : others.length));
  return (
    <MoveForm
      id={`move-${measure.id}`}
      title={t('structure.moveTitle', { name: props.measureName(measure) })}
      index={index}
      count={siblings.length}
      onStep={(to) => props.onMove(node.id, to)}
      containerLabel={t('structure.moveToNode')}
      containers={indentedNodeOptions(flattenNodes(nodes), props.nodeName)}
      container={targetId}
      onContainerChange={(value) => {
        setTargetId(value);
        const next = findNode(nodes, value);
        setPosition(String(next ? next.measures.filter((m) => m.id !== measure.id).length : 0));
      }}
      placements={others.map((m) => ({ id: m.id, name: props.measureName(m) }))}
      position={position}
      onPositionChange={setPosition}
      onSubmit={() => props.onMove(targetId, Number(position))}
      onCancel={props.onCancel}
    />
  );
}

/** Moving a node: under another node (never under itself) or to the top level, at a chosen place. */
function MoveNodeForm(props: { node: NodeContent; nodes: NodeContent[]; nodeName: (node: NodeContent) => string; onMove: (parentId: string | null, position: number) => void; onCancel: () => void }) {
  const { t } = useTranslation(ns);
  const { node, nodes } = props;
  const siblingsOf = (parentId: string | null) => inDocumentOrder(parentId ? (findNode(nodes, parentId)?.children ?? []) : nodes);
  const currentSiblings = siblingsOf(node.parentId);
  const index = currentSiblings.findIndex((n) => n.id === node.id);
  const [parentId, setParentId] = useState(node.parentId ?? '');
  const others = siblingsOf(parentId || null).filter((n) => n.id !== node.id);
  const [position, setPosition] = useState(String(index));
  const candidates = flattenNodes(nodes).filter(({ node: n }) => !isSameOrDescendant(nodes, node.id, n.id));
  return (
    <MoveForm
      id={`move-${node.id}`}
      title={t('structure.moveTitle', { name: props.nodeName(node) })}
      index={index}
      count={currentSiblings.length}
      onStep={(to) => props.onMove(node.parentId, to)}
      containerLabel={t('structure.moveUnder')}
      containers={[{ value: '', label: t('structure.topLevel') }, ...indentedNodeOptions(candidates, props.nodeName)]}
      container={parentId}
      onContainerChange={(value) => {
        setParentId(value);
        setPosition(String(siblingsOf(value || null).filter((n) => n.id !== node.id).length));
      }}
      placements={others.map((n) => ({ id: n.id, name: props.nodeName(n) }))}
      position={position}
      onPositionChange={setPosition}
      onSubmit={() => props.onMove(parentId || null, Number(position))}
      onCancel={props.onCancel}
    />
  );
}

/** The "Flytta" toggle and "Ta bort" of a node or measure; `hidden` names the item for screen readers. */
function MoveAndDeleteButtons(props: { moveId: string; moveOpen: boolean; onToggleMove: () => void; onDelete: () => void; hidden: ReactNode }) {
  const { t } = useTranslation(ns);
  return (
    <>
      <button type="button" id={props.moveId} className="button button--secondary button--small" aria-expanded={props.moveOpen} onClick={props.onToggleMove}>
        {t('structure.move')}
        {props.hidden}
      </button>
      <button type="button" className="button button--secondary button--small" onClick={props.onDelete}>
        {t('actions.delete', { ns: 'common' })}
        {props.hidden}
      </button>
    </>
  );
}
