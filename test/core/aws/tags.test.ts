import { checkAwsTags } from '../../../src/core/aws/tags';

describe('AWS tags follow AWS rules, not Kubernetes key rules', () => {
  test('keys Kubernetes would refuse are valid AWS tags', () => {
    const tags = { 'Cost Center': '12345', 'team:owner': 'platform', 'aws-region/role': 'a=b+c@d', 'Kostenstelle Ü': 'Bereich 7', 'empty': '' };
    expect(checkAwsTags('IrsaRole', 'tags', tags)).toEqual(tags);
    expect(checkAwsTags('IrsaRole', 'tags', undefined)).toBeUndefined();
  });

  test.each<[string, unknown, string]>([
    ['the reserved aws: prefix', { 'AWS:createdBy': 'me' }, 'IrsaRole: tags["AWS:createdBy"] starts with "aws:", which AWS reserves for its own tags; choose another key.'],
    ['a character outside the common set', { 'cost#center': 'x' }, 'IrsaRole: tags["cost#center"] is not a valid AWS tag key: use 1 to 128 characters of letters, digits, spaces and _ . : / = + - @.'],
    ['an empty key', { '': 'x' }, 'IrsaRole: tags[""] is not a valid AWS tag key'],
    ['a key of 129 characters', { ['k'.repeat(129)]: 'x' }, 'is not a valid AWS tag key: use 1 to 128 characters'],
    ['a value of 257 characters', { k: 'v'.repeat(257) }, 'is not a valid AWS tag value: use at most 256 characters'],
    ['a number value', { k: 7 }, 'IrsaRole: tags["k"] must be a string; received a number. Quote numbers and booleans.'],
    ['a list', ['a'], 'IrsaRole: tags must be a map of AWS tag keys to values; received an array.'],
    ['51 tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), 'IrsaRole: tags has 51 tags; AWS allows at most 50 per resource.'],
  ])('refuses %s', (_, tags, message) => {
    expect(() => checkAwsTags('IrsaRole', 'tags', tags)).toThrow(message);
  });
});
