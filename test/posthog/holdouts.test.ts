import nock from 'nock';
import { ApprovalRequiredError, ForbiddenError, ValidationError, type PostHogExperiments } from '../../src';
import { checkHoldoutWrite } from '../../src/posthog/holdouts';
import {
  client,
  expectRefused,
  expectWire,
  failure,
  ph,
  PROJECT,
  requestExample,
  responseExample,
  useNock,
  type WireCase,
} from './helpers';

useNock();

const ID = 7;
const isHoldout = (h: any) => {
  expect([h.id, h.name]).toEqual([7, '5% global holdout']);
  expect(h.filters[0].variant).toBe('holdout-7');
  expect(h.created_at).toEqual(new Date('2025-03-02T09:15:00Z'));
  expect(h.created_by.first_name).toBe('Ada');
};

const cases: Array<[string, WireCase]> = [
  [
    'list',
    {
      operationId: 'experiment_holdouts_list',
      path: '/experiment_holdouts/',
      query: 'limit=10&offset=20',
      call: (c) => c.holdouts.list({ limit: 10, offset: 20 }) as unknown as Promise<unknown>,
      check: (page) => {
        expect([page.count, page.next, page.previous]).toEqual([1, null, null]);
        isHoldout(page.results[0]);
      },
    },
  ],
  [
    'create',
    {
      operationId: 'experiment_holdouts_create',
      path: '/experiment_holdouts/',
      body: requestExample('experiment_holdouts_create'),
      call: (c) => c.holdouts.create(requestExample('experiment_holdouts_create')),
      check: isHoldout,
    },
  ],
  [
    'retrieve',
    {
      operationId: 'experiment_holdouts_retrieve',
      path: '/experiment_holdouts/7/',
      call: (c) => c.holdouts.retrieve(ID),
      check: isHoldout,
    },
  ],
  [
    'update (PUT)',
    {
      operationId: 'experiment_holdouts_update',
      path: '/experiment_holdouts/7/',
      body: requestExample('experiment_holdouts_update'),
      call: (c) => c.holdouts.update(ID, requestExample('experiment_holdouts_update')),
      check: (h) => expect(h.filters[0].rollout_percentage).toBe(10),
    },
  ],
  [
    'partialUpdate (PATCH)',
    {
      operationId: 'experiment_holdouts_partial_update',
      path: '/experiment_holdouts/7/',
      body: { description: 'Kept out of all Q2 checkout experiments.' },
      call: (c) => c.holdouts.partialUpdate(ID, { description: 'Kept out of all Q2 checkout experiments.' }),
      check: (h) => expect(h.updated_at).toEqual(new Date('2025-03-09T12:00:00Z')),
    },
  ],
  [
    'delete is a hard DELETE answered 204',
    {
      operationId: 'experiment_holdouts_destroy',
      path: '/experiment_holdouts/7/',
      status: 204,
      call: (c) => c.holdouts.delete(ID),
      check: (r) => expect(r).toBeUndefined(),
    },
  ],
];

describe('one method per operation: the exact request and the parsed response', () => {
  it.each(cases)('%s', async (_name, wire) => {
    await expectWire(wire);
  });
});

describe('approval gates and policy denials', () => {
  it('a gated DELETE (viewset path: no detail) is an ApprovalRequiredError and is not retried', async () => {
    let hits = 0;
    ph()
      .delete(`${PROJECT}/experiment_holdouts/7/`)
      .times(2)
      .reply(() => {
        hits++;
        return [
          409,
          {
            code: 'change_request_pending',
            error: 'A change request for this resource is already pending.',
            resource_type: 'experiment_holdout',
            resource_id: '7',
            change_request_id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
            existing_change_request: { id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d', state: 'pending' },
          },
        ];
      });
    const error = await failure(() => client().holdouts.delete(ID));
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(error.message).toBe('409 change_request_pending: A change request for this resource is already pending.');
    expect(error.existingChangeRequest).toEqual({ id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d', state: 'pending' });
    expect(error.resourceType).toBe('experiment_holdout');
    expect(hits).toBe(1);
    nock.cleanAll();
  });

  it('a DELETE forbidden by policy is a ForbiddenError with the reason in details', async () => {
    ph().delete(`${PROJECT}/experiment_holdouts/7/`).reply(403, {
      error: 'This action is not allowed by approval policy',
      reason: 'Holdouts may only be deleted by admins.',
    });
    const error = await failure(() => client().holdouts.delete(ID));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe('403: This action is not allowed by approval policy');
    expect(error.details).toEqual({ reason: 'Holdouts may only be deleted by admins.' });
  });
});

describe('holdout rules are checked before any request', () => {
  const c = client();
  const good = { name: 'h', filters: [{ rollout_percentage: 5 }] };
  const calls: Array<[string, string, (c: PostHogExperiments) => unknown]> = [
    ['blank name', 'name', (x) => x.holdouts.create({ ...good, name: '  ' })],
    ['name over 400', 'name', (x) => x.holdouts.create({ ...good, name: 'x'.repeat(401) })],
    ['description over 400', 'description', (x) => x.holdouts.create({ ...good, description: 'x'.repeat(401) })],
    ['no filters', 'filters', (x) => x.holdouts.create({ name: 'h' } as any)],
    ['empty filters', 'filters', (x) => x.holdouts.create({ name: 'h', filters: [] })],
    [
      'missing percentage',
      'filters[0].rollout_percentage',
      (x) => x.holdouts.create({ name: 'h', filters: [{} as any] }),
    ],
    [
      'percentage over 100',
      'filters[0].rollout_percentage',
      (x) => x.holdouts.create({ name: 'h', filters: [{ rollout_percentage: 100.5 }] }),
    ],
    [
      'negative percentage',
      'filters[1].rollout_percentage',
      (x) => x.holdouts.update(ID, { name: 'h', filters: [{ rollout_percentage: 5 }, { rollout_percentage: -1 }] }),
    ],
    [
      'string percentage',
      'filters[0].rollout_percentage',
      (x) => x.holdouts.partialUpdate(ID, { filters: [{ rollout_percentage: '5' as any }] }),
    ],
    [
      'property without key',
      'filters[0].properties[0].key',
      (x) => x.holdouts.create({ name: 'h', filters: [{ rollout_percentage: 5, properties: [{ key: '' }] }] }),
    ],
    [
      'properties not an array',
      'filters[0].properties',
      (x) => x.holdouts.create({ name: 'h', filters: [{ rollout_percentage: 5, properties: {} as any }] }),
    ],
    [
      'bad group type',
      'filters[0].aggregation_group_type_index',
      (x) => x.holdouts.create({ name: 'h', filters: [{ rollout_percentage: 5, aggregation_group_type_index: 9 }] }),
    ],
    ['PATCH blank name', 'name', (x) => x.holdouts.partialUpdate(ID, { name: '' })],
    ['PATCH empty filters', 'filters', (x) => x.holdouts.partialUpdate(ID, { filters: [] })],
    ['no body', 'holdout', (x) => x.holdouts.create(undefined as any)],
    ['retrieve(0)', 'id', (x) => x.holdouts.retrieve(0)],
    ['delete("7")', 'id', (x) => x.holdouts.delete('7' as any)],
    ['list limit 0', 'limit', (x) => x.holdouts.list({ limit: 0 })],
    ['list offset -1', 'offset', (x) => x.holdouts.list({ offset: -1 })],
  ];
  it.each(calls)('%s', async (_name, field, call) => {
    const error = await failure(() => call(c));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });

  it('accepts fractional percentages, 0 and 100, and a PATCH without filters', () => {
    expect(() => checkHoldoutWrite({ name: 'h', filters: [{ rollout_percentage: 2.5 }] }, false)).not.toThrow();
    expect(() => checkHoldoutWrite({ name: 'h', filters: [{ rollout_percentage: 0 }] }, false)).not.toThrow();
    expect(() => checkHoldoutWrite({ name: 'h', filters: [{ rollout_percentage: 100 }] }, false)).not.toThrow();
    expect(() => checkHoldoutWrite({ description: null }, true)).not.toThrow();
  });
});

describe('holdouts.create refuses keys the request would not send, before sending', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['a misspelt description', 'descripton', { name: 'h', filters: [{ rollout_percentage: 10 }], descripton: 'typo' }],
    [
      'a misspelt filter-group key',
      'filters[0].propertes',
      { name: 'h', filters: [{ rollout_percentage: 10, propertes: [{ key: 'email' }] }] },
    ],
  ])('%s', async (_name, field, body) => {
    await expectRefused(() => client().holdouts.create(body as any), field);
  });

  it('while update still takes read-only keys of a retrieved holdout (dropped, not refused)', async () => {
    let sent: any;
    ph()
      .put(`${PROJECT}/experiment_holdouts/${ID}/`, (body) => ((sent = body), true))
      .reply(200, responseExample('experiment_holdouts_retrieve'));
    const edited = { id: ID, user_access_level: 'editor', name: 'h', filters: [{ rollout_percentage: 5 }] };
    await client().holdouts.update(ID, edited);
    expect(sent).toEqual({ name: 'h', filters: [{ rollout_percentage: 5 }] });
  });
});
