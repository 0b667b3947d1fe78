import { describe, expect, it } from 'vitest';
import { entityTypeOf, parsePlatformLink } from './entity-ids.js';

describe('parsePlatformLink', () => {
  it('finds every id of an admin link', () => {
    expect(parsePlatformLink('https://host/#RecordType/oa.193/Operation/event.15199')).toEqual({
      pageType: 'RecordType',
      entities: [
        { type: 'RecordTemplate', id: 'oa.193' },
        { type: 'Button', id: 'event.15199' },
      ],
    });
  });

  it('reads bare ids, record ids and resolver links', () => {
    expect(parsePlatformLink('oa.193').entities).toEqual([{ type: 'RecordTemplate', id: 'oa.193' }]);
    expect(parsePlatformLink('486482').entities).toEqual([{ type: 'Record', id: '486482' }]);
    expect(parsePlatformLink('#Resolver/486482').entities).toEqual([{ type: 'Record', id: '486482' }]);
    expect(parsePlatformLink('#ProcessTemplate/pa.77/Designer/Revision/diagram.315').entities).toEqual([
      { type: 'ProcessTemplate', id: 'pa.77' },
      { type: 'ProcessDiagram', id: 'diagram.315' },
    ]);
    expect(parsePlatformLink('diagramActivity.24757').entities).toEqual([
      { type: 'ProcessDiagramElement', id: 'diagramActivity.24757' },
    ]);
  });

  it('reads application and template names of #app links', () => {
    expect(parsePlatformLink('https://host/#app/Fleetmanagement/view/Cars/486482')).toEqual({
      pageType: 'app',
      entities: [{ type: 'Record', id: '486482' }],
      applicationSystemName: 'Fleetmanagement',
      templateSystemName: 'Cars',
    });
    expect(parsePlatformLink('#form/oa.5/form.80/1234').entities).toEqual([
      { type: 'RecordTemplate', id: 'oa.5' },
      { type: 'Form', id: 'form.80' },
      { type: 'Record', id: '1234' },
    ]);
  });

  it('ignores ids inside other words', () => {
    expect(parsePlatformLink('https://host/#data/xoa.193').entities).toEqual([]);
  });
});

describe('entityTypeOf', () => {
  it('knows prefixes and record ids', () => {
    expect(entityTypeOf('lst.81')).toBe('Dataset');
    expect(entityTypeOf('123')).toBe('Record');
    expect(entityTypeOf('zz.1')).toBeUndefined();
  });
});
