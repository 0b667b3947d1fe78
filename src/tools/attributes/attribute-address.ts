import { z } from 'zod';
import { applicationInput, systemNameInput, templateInput } from '../tool-inputs.js';

/** The inputs that address one existing attribute, as the original names them. */
export const attributeAddressShape = {
  application_system_name: applicationInput,
  template_system_name: templateInput,
  system_name: systemNameInput('System name of the attribute.'),
};

/** Schema of {@link attributeAddressShape}. */
export const attributeAddressSchema = z.object(attributeAddressShape);
