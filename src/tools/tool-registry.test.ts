import { asSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { testContext } from '../../test/platform/call-tool.js';
import { buildTools } from './build-tools.js';
import { EXCLUDED_TOOL_NAMES, isDestructiveTool, TOOL_DEFINITIONS, TOOL_METADATA } from './tool-registry.js';

const EXPECTED = {
  utility: ['get_current_datetime'],
  applications: [
    'list_applications',
    'list_templates',
    'create_app',
    'get_ontology_objects',
    'get_platform_entity_url',
    'get_record_url',
    'get_process_schema',
    'resolve_entity',
  ],
  templates: ['edit_or_create_record_template', 'list_attributes'],
  attributes: [
    'get_attribute',
    'delete_attribute',
    'archive_or_unarchive_attribute',
    'edit_or_create_text_attribute',
    'edit_or_create_boolean_attribute',
    'edit_or_create_date_time_attribute',
    'edit_or_create_numeric_attribute',
    'edit_or_create_document_attribute',
    'edit_or_create_drawing_attribute',
    'edit_or_create_duration_attribute',
    'edit_or_create_image_attribute',
    'edit_or_create_record_attribute',
    'edit_or_create_role_attribute',
    'edit_or_create_account_attribute',
    'edit_or_create_enum_attribute',
  ],
  records: [
    'list_template_records',
    'create_edit_record',
    'get_record_values',
    'fetch_record_document_file',
    'attach_file_to_record_document_attribute',
    'fetch_record_image_file',
    'attach_file_to_record_image_attribute',
  ],
  forms: [
    'list_forms',
    'get_form',
    'edit_or_create_form',
    'copy_form_from_template',
    'create_form_from_attributes',
  ],
  toolbars: [
    'list_toolbars',
    'get_toolbar',
    'edit_or_create_toolbar',
    'list_buttons',
    'get_button',
    'edit_or_create_button',
    'archive_unarchive_button',
  ],
  datasets: ['list_datasets', 'get_dataset', 'edit_or_create_dataset'],
  transfer: ['export_application'],
  math: ['add', 'subtract', 'multiply', 'divide', 'modulus', 'power', 'square_root'],
  files: ['read_text_based_file', 'analyze_csv_file', 'analyze_excel_file'],
};

describe('tool registry', () => {
  it('has the tools of the original, grouped, with unique names', () => {
    for (const [group, names] of Object.entries(EXPECTED)) {
      expect(TOOL_DEFINITIONS.filter((d) => d.group === group).map((d) => d.name)).toEqual(names);
    }
    const names = TOOL_DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(59);
  });

  it('never offers the tools the original excluded as dangerous', () => {
    const tools = buildTools(testContext());
    for (const name of EXCLUDED_TOOL_NAMES) {
      expect(tools[name]).toBeUndefined();
      expect(TOOL_METADATA[name]).toBeUndefined();
    }
    expect([...EXCLUDED_TOOL_NAMES].sort()).toEqual(['import_application', 'update_object_property']);
  });

  it('flags deletes and archives as destructive, on the tool object too', () => {
    const destructive = TOOL_DEFINITIONS.filter((d) => d.destructive).map((d) => d.name);
    expect(destructive).toEqual([
      'delete_attribute',
      'archive_or_unarchive_attribute',
      'archive_unarchive_button',
    ]);
    expect(isDestructiveTool('delete_attribute')).toBe(true);
    expect(isDestructiveTool('list_attributes')).toBe(false);
    expect(isDestructiveTool('no_such_tool')).toBe(true);
    const tools = buildTools(testContext());
    expect(tools.delete_attribute!.metadata).toEqual({
      group: 'attributes',
      destructive: true,
      readOnly: false,
    });
    expect(tools.list_applications!.metadata).toEqual({
      group: 'applications',
      destructive: false,
      readOnly: true,
    });
  });

  it('gives every tool a description with the Russian terms and a JSON schema the model can read', async () => {
    for (const d of TOOL_DEFINITIONS) {
      if (d.group !== 'math' && d.group !== 'utility') expect(d.description, d.name).toMatch(/[а-яё]/i);
      const schema = (await asSchema(d.inputSchema).jsonSchema) as {
        type: string;
        properties: Record<string, { description?: string }>;
      };
      expect(schema.type, d.name).toBe('object');
      for (const [key, property] of Object.entries(schema.properties)) {
        expect(property.description, `${d.name}.${key}`).toBeTruthy();
      }
    }
  });

  it('keeps the original parameter names', async () => {
    const props = async (name: string) =>
      Object.keys(
        (
          (await asSchema(TOOL_DEFINITIONS.find((d) => d.name === name)!.inputSchema).jsonSchema) as {
            properties: object;
          }
        ).properties,
      ).sort();
    expect(await props('edit_or_create_text_attribute')).toEqual(
      [
        'operation',
        'name',
        'system_name',
        'application_system_name',
        'template_system_name',
        'description',
        'write_changes_to_the_log',
        'calculate_value',
        'expression_for_calculation',
        'display_format',
        'custom_mask',
        'control_uniqueness',
        'use_as_record_title',
        'use_to_search_records',
      ].sort(),
    );
    expect(await props('list_templates')).toEqual(['application_system_name', 'template_type']);
    expect(await props('create_app')).toEqual(['description', 'display_name', 'system_name']);
    expect(await props('get_ontology_objects')).toEqual(
      ['application_system_name', 'max_count', 'min_count', 'parameter', 'types'].sort(),
    );
    expect(await props('resolve_entity')).toEqual(['fetch_full', 'url_or_id']);
    expect(await props('square_root')).toEqual(['a']);
    expect(await props('list_template_records')).toEqual(
      [
        'application_system_name',
        'template_system_name',
        'attributes',
        'filters',
        'limit',
        'offset',
        'sort_by',
        'sort_desc',
      ].sort(),
    );
    expect(await props('create_edit_record')).toEqual(
      ['operation', 'application_system_name', 'template_system_name', 'values', 'record_id'].sort(),
    );
    expect(await props('get_record_values')).toEqual(['attribute_system_names', 'record_id', 'record_ids']);
    expect(await props('fetch_record_document_file')).toEqual(
      ['document_attribute_system_name', 'multivalue_index', 'record_id'].sort(),
    );
    expect(await props('fetch_record_image_file')).toEqual(
      ['image_attribute_system_name', 'multivalue_index', 'record_id'].sort(),
    );
    // The original read the file from its chat upload store; here the content comes in the call.
    expect(await props('attach_file_to_record_document_attribute')).toEqual(
      ['attribute_system_name', 'content_base64', 'content_text', 'filename', 'record_id', 'replace'].sort(),
    );
    expect(await props('attach_file_to_record_image_attribute')).toEqual(
      ['attribute_system_name', 'content_base64', 'filename', 'record_id'].sort(),
    );
    expect(await props('edit_or_create_form')).toEqual(
      [
        'operation',
        'application_system_name',
        'template_system_name',
        'form_system_name',
        'name',
        'form_size',
        'widgets',
        'create_from_attributes',
        'copy_from',
        'replace_root',
        'delete_existing',
        'verify',
      ].sort(),
    );
    expect(await props('copy_form_from_template')).toEqual(
      [
        'source_application_system_name',
        'source_template_system_name',
        'target_application_system_name',
        'target_template_system_name',
        'source_form_system_name',
        'target_form_system_name',
        'replace_tokens',
        'verify',
      ].sort(),
    );
    expect(await props('create_form_from_attributes')).toEqual(
      [
        'application_system_name',
        'template_system_name',
        'form_system_name',
        'form_name',
        'groups',
        'verify',
      ].sort(),
    );
    expect(await props('edit_or_create_toolbar')).toEqual(
      [
        'operation',
        'application_system_name',
        'template_system_name',
        'toolbar_system_name',
        'name',
        'is_default_for_forms',
        'is_default_for_lists',
        'is_default_for_task_lists',
        'items',
      ].sort(),
    );
    expect(await props('edit_or_create_button')).toEqual(
      [
        'operation',
        'application_system_name',
        'template_system_name',
        'button_system_name',
        'name',
        'description',
        'kind',
        'context',
        'multiplicity',
        'result_type',
        'is_prepare',
        'skip_validation',
        'has_confirmation',
        'is_confirmation_active',
        'navigation_target',
        'related_entity',
        'create_form',
        'create_template',
      ].sort(),
    );
    expect(await props('archive_unarchive_button')).toEqual([
      'application_system_name',
      'button_system_name',
      'operation',
      'template_system_name',
    ]);
    expect(await props('edit_or_create_dataset')).toEqual(
      [
        'operation',
        'application_system_name',
        'template_system_name',
        'dataset_system_name',
        'name',
        'view_type',
        'is_default',
        'toolbar_system_name',
        'show_disabled',
        'columns',
        'sorting',
        'grouping',
        'totals',
      ].sort(),
    );
    for (const name of ['get_form', 'get_toolbar', 'get_button', 'get_dataset'])
      expect((await props(name)).length, name).toBe(3);
    expect(await props('export_application')).toEqual(['application_system_name', 'save_to_file']);
  });
});
