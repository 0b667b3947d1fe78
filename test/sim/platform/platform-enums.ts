/**
 * Enumerations of web_api_v1.json the simulator validates request bodies against (JSON.NET binds them
 * case-insensitively, see `canonicalEnum`). Copied from the OpenAPI file so the simulator runs without it;
 * platform-contract.test.ts checks they still equal the file. Spec gaps the tools rely on are listed apart.
 */

/** Attribute data types (`AttributeModel.type`). */
export const ATTRIBUTE_TYPES = [
  'String',
  'Boolean',
  'DateTime',
  'Duration',
  'Decimal',
  'Integer',
  'Double',
  'Account',
  'Document',
  'Image',
  'Instance',
  'Enum',
  'Uri',
  'Role',
  'OrganizationalUnit',
  'Model',
  'Conversation',
  'Barcode',
  'TimeZone',
  'Process',
  'Drawing',
  'Color',
] as const;

/** Attribute display formats (`AttributeModel.format`). */
export const ATTRIBUTE_FORMATS = [
  'Undefined',
  'ShortDate',
  'DateISO',
  'CondensedDate',
  'LongDate',
  'MonthDay',
  'YearMonth',
  'LongDateShortTime',
  'LongDateLongTime',
  'ShortDateShortTime',
  'ShortDateLongTime',
  'CondensedDateTime',
  'ShortTime',
  'LongTime',
  'DateTimeISO',
  'DurationHMSTime',
  'DurationHMTime',
  'DurationHM',
  'DurationHMS',
  'DurationD8HM',
  'DurationD24HM',
  'DurationFullShort',
  'DurationFullLong',
  'DurationISO',
  'DurationInvariant',
  'Link',
  'Text',
  'Badge',
  'Indicator',
  'PlainText',
  'HtmlText',
  'MarkedText',
  'PhoneRuMask',
  'PassportRuMask',
  'IndexRuMask',
  'INNMask',
  'IndividualINNMask',
  'OGRNMask',
  'LicensePlateNumberRuMask',
  'EmailMask',
  'CustomMask',
  'Attachment',
  'InlineDocument',
  'SignedDocument',
  'Uri',
  'Hypertext',
  'QRcode',
  'DataMatrix',
  'Code39',
  'GS1_128',
] as const;

/** Document/image extension filters (`AttributeModel.fileFormat`). */
export const FILE_FORMATS = [
  'Unknown',
  'Pdf',
  'Txt',
  'Png',
  'Jpeg',
  'Bmp',
  'Emf',
  'Csv',
  'Xlsx',
  'Docx',
  'Pptx',
  'Vsdx',
  'Msg',
  'Zip',
  'Log',
  'Rar',
  'Tar',
  'Targz',
  'Gz',
  'Bz2',
  'Tarbz2',
  'Env',
  'Unl',
  'Eml',
  'Sql',
  'Iso',
  'Conf',
] as const;

/** Image rendering colour modes (`AttributeModel.imageColorType`). */
export const IMAGE_COLOR_TYPES = ['Original', 'GreyScale', 'Bitonal'] as const;

/** URI schemes (`AttributeModel.uriSchemeFormats`). */
export const URI_SCHEME_FORMATS = [
  'Http',
  'Https',
  'Ftp',
  'Ftps',
  'Mailto',
  'Ssh',
  'File',
  'Ldap',
  'Telegram',
  'Git',
] as const;

/** Template types (`TemplateInfoModel.type`). */
export const TEMPLATE_TYPES = [
  'Undefined',
  'Task',
  'Case',
  'Process',
  'Record',
  'Account',
  'Role',
  'OrgStructure',
  'Substitution',
  'UserActivities',
  'AccountAudit',
  'Template',
  'Behaviour',
  'SchemeActivity',
  'TokenError',
  'ProcessObject',
  'Solution',
  'Serial',
  'Diagram',
  'Scheme',
  'Documentation',
  'Message',
  'Form',
  'Regulatory',
] as const;

/** Form types (`FormModel.type`). */
export const FORM_TYPES = ['PublicForm', 'InternalForm', 'ModalForm', 'SearchForm'] as const;

/** Form sizes (`FormModel.formSize`). */
export const FORM_SIZES = ['Undefined', 'Common', 'Small', 'Large'] as const;

/** Dataset view types (`DatasetModel.viewType`). */
export const DATASET_VIEW_TYPES = ['Undefined', 'General', 'SplitVertical', 'SplitHorizontal'] as const;

/** Toolbar item types (`ToolbarItemModel.type`). */
export const TOOLBAR_ITEM_TYPES = ['Undefined', 'Action', 'Group', 'Splitter'] as const;

/** Toolbar item icons (`ToolbarItemModel.iconType`). */
export const ICON_TYPES = [
  'Undefined',
  'Plus',
  'Minus',
  'Clone',
  'Envelope',
  'Pencil',
  'Search',
  'Ok',
  'User',
  'List',
  'Remove',
  'Trash',
  'Cog',
  'Star',
  'Asterisk',
  'Home',
  'File',
  'Time',
  'Print',
  'Download',
  'Upload',
  'Refresh',
  'Repeat',
  'Info',
  'Warning',
  'Exclamation',
  'Cart',
  'Play',
  'Comment',
  'Folder',
  'Bell',
  'Flash',
  'Picture',
  'Book',
] as const;

/** Toolbar item severities (`ToolbarItemModel.severity`). */
export const TOOLBAR_ITEM_SEVERITIES = ['None', 'Low', 'Normal', 'Major', 'Critical', 'Fatal'] as const;

/** Button contexts (`UserCommandConfigurationModel.context`). */
export const USER_COMMAND_CONTEXTS = [
  'Undefined',
  'Void',
  'Any',
  'Task',
  'Case',
  'Record',
  'Model',
  'Process',
  'List',
  'Form',
  'Page',
  'Container',
  'Diagram',
] as const;

/** Button multiplicities (`UserCommandConfigurationModel.multiplicity`). */
export const USER_COMMAND_MULTIPLICITIES = ['Undefined', 'OneByOne', 'Package'] as const;

/** Button kinds (`UserCommandConfigurationModel.kind`). */
export const USER_COMMAND_KINDS = [
  'Undefined',
  'Create',
  'Edit',
  'Delete',
  'Archive',
  'Unarchive',
  'ExportObject',
  'ExportList',
  'CreateRelated',
  'CreateToken',
  'RetryTokens',
  'Migrate',
  'StartCase',
  'StartLinkedCase',
  'StartProcess',
  'StartLinkedProcess',
  'CompleteTask',
  'ReassignTask',
  'Defer',
  'Accept',
  'Uncomplete',
  'Follow',
  'Unfollow',
  'Exclude',
  'Include',
  'Script',
  'Cancel',
  'EditDiagram',
  'UserEvent',
] as const;

/** Button result types (`UserCommandConfigurationModel.resultType`). */
export const USER_COMMAND_RESULT_TYPES = [
  'Undefined',
  'None',
  'DataChange',
  'Notificate',
  'Navigate',
  'File',
  'Reload',
] as const;

/** Button navigation targets (`UserCommandConfigurationModel.navigationTarget`). */
export const NAVIGATION_TARGETS = [
  'Undefined',
  'ProcessInstance',
  'CurrentRecord',
  'BusinessRecord',
  'ProcessInstanceTask',
  'NextTaskInContainer',
  'DatasetForContainer',
  'TaskDataset',
  'Diagram',
  'GoBack',
  'Desktop',
] as const;

/** Global alias element types (`GlobalAlias.type`). */
export const GLOBAL_ALIAS_TYPES = [
  'Undefined',
  'Template',
  'RecordTemplate',
  'CaseTemplate',
  'ProcessTemplate',
  'AccountTemplate',
  'OrgStructureTemplate',
  'DocumentationTemplate',
  'RoleTemplate',
  'RecordTemplateList',
  'CaseTemplateList',
  'ProcessTemplateList',
  'AccountTemplateList',
  'MyTasksList',
  'MessageTemplate',
  'MessageTemplateProperty',
  'Attribute',
  'Form',
  'ProcessForm',
  'CaseForm',
  'FormComponent',
  'Dataset',
  'UserCommand',
  'ExportTemplate',
  'Toolbar',
  'Diagram',
  'ProcessScheme',
  'ClientActivity',
  'GlobalActivity',
  'SchemeActivity',
  'DataSource',
  'Synchronization',
  'Rule',
  'GlobalFunction',
  'Solution',
  'RoleConfiguration',
  'ResourcePrivilegeDescriptor',
  'CommunicationRoute',
  'CommunicationChannel',
  'RoleWorkspace',
  'NavigationItem',
  'ClassModelDiagram',
  'ClassModelDiagramVersion',
  'ClassModelDiagramElement',
  'MyTasks',
  'Account',
  'Group',
  'GlobalVariable',
  'Trigger',
  'TriggerAction',
  'TriggerEvent',
  'TriggerConditionalAction',
  'ADConfiguration',
  'DesktopPage',
  'SimplePage',
  'DesktopComponent',
  'DesktopWidgetConfig',
  'Procedure',
  'Cart',
  'Document',
  'Image',
  'Variant',
  'Drawing',
  'ReferenceToConnection',
  'ChangeJournal',
  'ProcessRegistry',
  'Card',
] as const;

/** DateTime format the date/time tool sends that the spec's format enum lacks (platform-api.md §3.3). */
export const EXTRA_ATTRIBUTE_FORMATS = ['TimeTracker'] as const;

/**
 * Extension filters the document/image tools send (upper-case, platform-api.md §3.3) that do not match a
 * member of the spec's `fileFormat` enum even case-insensitively. Accepted and stored as sent.
 */
export const EXTRA_FILE_FORMATS = ['JPG', 'DWG', 'BPMN', 'TAR.GZ(TGZ)', 'TAR.BZ2', 'ICO'] as const;

/** Display formats each attribute type accepts (`Undefined` is accepted for every type). */
export const FORMATS_BY_TYPE: Partial<Record<(typeof ATTRIBUTE_TYPES)[number], readonly string[]>> = {
  String: [
    'PlainText',
    'MarkedText',
    'HtmlText',
    'LicensePlateNumberRuMask',
    'IndexRuMask',
    'PassportRuMask',
    'INNMask',
    'OGRNMask',
    'IndividualINNMask',
    'PhoneRuMask',
    'EmailMask',
    'CustomMask',
  ],
  DateTime: [
    'DateISO',
    'YearMonth',
    'TimeTracker',
    'DateTimeISO',
    'ShortDateLongTime',
    'ShortDateShortTime',
    'CondensedDateTime',
    'MonthDay',
    'CondensedDate',
    'ShortDate',
    'LongDate',
    'LongDateLongTime',
    'LongDateShortTime',
    'ShortTime',
    'LongTime',
  ],
  Duration: [
    'DurationHMS',
    'DurationHM',
    'DurationHMSTime',
    'DurationD8HM',
    'DurationD24HM',
    'DurationFullShort',
    'DurationFullLong',
    'DurationHMTime',
    'DurationISO',
    'DurationInvariant',
  ],
  Document: ['Attachment', 'SignedDocument', 'InlineDocument'],
  Enum: ['Text', 'Indicator', 'Badge'],
  Process: ['Link'],
  Instance: ['Link'],
  Uri: ['Uri', 'Hypertext'],
  Barcode: ['QRcode', 'DataMatrix', 'Code39', 'GS1_128'],
};
