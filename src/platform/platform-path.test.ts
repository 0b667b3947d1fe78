import { describe, expect, it } from 'vitest';
import { encodePathSegment, platformPath } from './platform-path.js';
import { PlatformError } from './platform-error.js';

describe('platformPath', () => {
  it('percent-encodes Cyrillic and reserved characters but keeps @ and .', () => {
    const app = 'Тестинтеграций';
    expect(platformPath`webapi/Attribute/List/Template@${app}.${'Cars'}`).toBe(
      'webapi/Attribute/List/Template@%D0%A2%D0%B5%D1%81%D1%82%D0%B8%D0%BD%D1%82%D0%B5%D0%B3%D1%80%D0%B0%D1%86%D0%B8%D0%B9.Cars',
    );
    expect(encodePathSegment('a/b?c#d e%')).toBe('a%2Fb%3Fc%23d%20e%25');
    expect(encodePathSegment('Attribute@Tpl.Attr')).toBe('Attribute@Tpl.Attr');
  });

  it('never produces double slashes', () => {
    expect(platformPath`/webapi//RecordTemplate/List/${'App'}`).toBe('webapi/RecordTemplate/List/App');
  });

  it('refuses an empty value, which would change the route', () => {
    expect(() => platformPath`webapi/Solution/${' '}`).toThrow(PlatformError);
  });
});
