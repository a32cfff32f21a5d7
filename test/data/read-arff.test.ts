import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labelStatistics, readArff } from '../../src/data/index.js';
import { thrown } from '../thrown.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'arff');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

interface SplitMeta {
  rows: number;
  cardinality: number;
  distinctLabelsets: number;
}
interface Meta {
  nFeatures: number;
  nLabels: number;
  labelNames: string[];
  featureNames: string[];
  splits: Record<string, SplitMeta>;
  meka?: Record<string, SplitMeta & { nFeatures: number; nLabels: number; labelNames: string[] }>;
}
const meta = (name: string): Meta => JSON.parse(read(`${name}.meta.json`)) as Meta;

describe('readArff on the real files', () => {
  it('reads emotions.arff (dense, MULAN XML labels) and reproduces meta.json', () => {
    const m = meta('emotions');
    const d = readArff(read('emotions.arff'), { labels: read('emotions.xml') });
    expect(d.features.shape).toEqual([m.splits.full.rows, m.nFeatures]);
    expect(d.labels.shape).toEqual([593, m.nLabels]);
    expect(d.labelNames).toEqual(m.labelNames);
    expect(d.featureNames).toEqual(m.featureNames);
    const stats = labelStatistics(d.labels);
    expect(stats.cardinality).toBeCloseTo(m.splits.full.cardinality, 4);
    expect(stats.distinctLabelsets).toBe(m.splits.full.distinctLabelsets);
    expect(d.features.data).toBeInstanceOf(Float32Array);
    expect(d.relation).toBe('musicout');
  });

  it('gives the same matrices for the label names as a list, as XML and as a count', () => {
    const text = read('emotions.arff');
    const byXml = readArff(text, { labels: read('emotions.xml') });
    const byList = readArff(text, { labels: meta('emotions').labelNames });
    const byCount = readArff(text, { labels: -6 });
    for (const other of [byList, byCount]) {
      expect(other.labels.data).toEqual(byXml.labels.data);
      expect(other.features.data).toEqual(byXml.features.data);
    }
  });

  it('reads the first row of emotions exactly in float64 (and rounds to float32 by default)', () => {
    const text = read('emotions.arff');
    const firstRow = text.split('@data')[1].trim().split('\n')[0].split(',');
    const d64 = readArff(text, { labels: -6, dtype: 'float64' });
    const d32 = readArff(text, { labels: -6 });
    for (let c = 0; c < 72; c++) {
      expect(d64.features.data[c]).toBe(Number(firstRow[c]));
      expect(d32.features.data[c]).toBe(Math.fround(Number(firstRow[c])));
    }
    expect(Array.from(d64.labels.data.subarray(0, 6))).toEqual(firstRow.slice(72).map(Number));
  });

  it('medical: the label list wins over the stale -C 45 in @relation', () => {
    const m = meta('medical');
    const text = read('medical-train.arff');
    expect(text).toContain("@relation 'MEDC: -C 45");
    const byXml = readArff(text, { labels: read('medical.xml') });
    expect(byXml.labelNames).toEqual(m.labelNames);
    expect(byXml.features.shape).toEqual([m.splits.train.rows, m.nFeatures]);
    expect(labelStatistics(byXml.labels).cardinality).toBeCloseTo(m.splits.train.cardinality, 4);
    // Read through -C, the "labels" are the first 45 attributes, which are word features.
    const byC = readArff(text);
    expect(byC.labelNames).toEqual(byXml.featureNames.slice(0, 45));
    expect(byC.labelNames).not.toEqual(m.labelNames);
  });

  it('MEKA Music-test.arff: -C -6 in @relation puts the labels last', () => {
    const expected = meta('emotions').meka?.['Music-test.arff'];
    const d = readArff(read('Music-test.arff'));
    expect(d.features.shape).toEqual([expected?.rows, expected?.nFeatures]);
    expect(d.labelNames).toEqual(expected?.labelNames);
    expect(labelStatistics(d.labels).cardinality).toBeCloseTo(expected?.cardinality ?? 0, 4);
  });
});

describe('readArff formats', () => {
  it('reads MEKA -C n > 0 (labels first) in a sparse file, with omitted values as 0', () => {
    const d = readArff(
      "@relation 'toy: -C 2 -split 50'\n@attribute a {0,1}\n@attribute b {0,1}\n@attribute x numeric\n@attribute y numeric\n@data\n{0 1,3 2.5}\n{}\n{1 1,2 -3e2}\n",
    );
    expect(d.labelNames).toEqual(['a', 'b']);
    expect(Array.from(d.labels.data)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(d.features.data)).toEqual([0, 2.5, 0, 0, -300, 0]);
  });

  it('stores nominal features as category indices, also for numbers declared out of order', () => {
    const d = readArff(
      '@relation r\n@attribute location {2,10,1}\n@attribute sky {clear, "partly cloudy"}\n@attribute l {0,1}\n@data\n10,"partly cloudy",1\n2,clear,0\n1,\'partly cloudy\',1\n',
      { labels: ['l'] },
    );
    expect(Array.from(d.features.data)).toEqual([1, 1, 0, 0, 2, 1]);
    expect(d.featureCategories).toEqual([
      ['2', '10', '1'],
      ['clear', 'partly cloudy'],
    ]);
  });

  it('leaves out sparse nominal values as their first category (a label declared {1,0} is 1)', () => {
    const d = readArff(
      '@relation r\n@attribute f numeric\n@attribute l {1,0}\n@data\n{0 4}\n{0 5, 1 0}\n',
      {
        labels: ['l'],
      },
    );
    expect(Array.from(d.labels.data)).toEqual([1, 0]);
  });

  it('handles quoted names with escaped quotes, bare names with backslashes, tabs, comments, CRLF and a BOM', () => {
    const text =
      "\uFEFF% a comment\r\n@RELATION 'birds\\' song'\r\n@ATTRIBUTE 'Swainson\\'s Thrush' {0,1}\r\n@attribute TAG_m\\'usica\t{0,1}\r\n@attribute\tsize\tREAL\r\n\r\n@DATA\r\n% another comment\r\n1,0,0.5\r\n0,1,?\r\n";
    const d = readArff(text, { labels: ["Swainson's Thrush", "TAG_m\\'usica"] });
    expect(d.relation).toBe("birds' song");
    expect(d.labelNames).toEqual(["Swainson's Thrush", "TAG_m\\'usica"]);
    expect(d.featureNames).toEqual(['size']);
    expect(Array.from(d.labels.data)).toEqual([1, 0, 0, 1]);
    expect(d.features.data[0]).toBe(0.5);
    expect(Number.isNaN(d.features.data[1])).toBe(true);
  });

  it('reads ? labels as -1 (missing) and names label columns in file order', () => {
    const d = readArff(
      '@relation r\n@attribute b {0,1}\n@attribute f numeric\n@attribute a {0,1}\n@data\n?,1,1\n1,2,?\n',
      {
        labels: ['a', 'b'],
      },
    );
    expect(d.labelNames).toEqual(['b', 'a']);
    expect(Array.from(d.labels.data)).toEqual([-1, 1, 1, -1]);
  });

  it('reads labels from a MULAN XML with entities and nested (hierarchical) labels', () => {
    const xml =
      '<?xml version="1.0"?>\n<labels xmlns="http://mulan.sourceforge.net/labels">\n<label name="a&amp;b"><label name=\'c&#39;d\'></label></label>\n</labels>';
    const d = readArff(
      "@relation r\n@attribute f numeric\n@attribute 'a&b' {0,1}\n@attribute \"c'd\" {0,1}\n@data\n1,1,0\n",
      {
        labels: xml,
      },
    );
    expect(d.labelNames).toEqual(['a&b', "c'd"]);
  });

  it('accepts numeric label attributes holding 0 and 1', () => {
    const d = readArff(
      '@relation r\n@attribute f numeric\n@attribute l numeric\n@data\n3,1\n4,0\n',
      {
        labels: -1,
      },
    );
    expect(Array.from(d.labels.data)).toEqual([1, 0]);
  });
});

describe('readArff errors', () => {
  const header =
    '@relation r\n@attribute f numeric\n@attribute c {x,y}\n@attribute l {0,1}\n@data\n';
  const cases: [string, string, string | RegExp][] = [
    [
      'a row with too few values',
      `${header}1,x,0\n2,y\n`,
      /line 7: the row has 2 values but the header declares 3/,
    ],
    [
      'an unknown category',
      `${header}1,z,0\n`,
      /line 6: "z" is not a category of attribute `c` \(declared on line 3\)/,
    ],
    ['a non-numeric number', `${header}abc,x,1\n`, /line 6: "abc" is not a number/],
    [
      'a label that is not 0/1',
      '@relation r\n@attribute f numeric\n@attribute l numeric\n@data\n1,2\n',
      /line 5: label `l` is 2/,
    ],
    ['an unclosed quote', `${header}1,'x,0\n`, /line 6: the quoted string/],
    ['a sparse index out of range', `${header}{7 1}\n`, /line 6: sparse index "7"/],
    ['a sparse row without }', `${header}{0 1\n`, /line 6: a sparse row must end with/],
    [
      'a string attribute',
      '@relation r\n@attribute s string\n@data\n',
      /line 2: attribute `s` has type `string`/,
    ],
    [
      'a date attribute',
      "@relation r\n@attribute d date 'yyyy'\n@data\n",
      /line 2: attribute `d` has type `date`/,
    ],
    ['no @data', '@relation r\n@attribute f numeric\n', /the file has no `@data` section/],
    ['text before @relation', 'hello\n@relation r\n', /line 1: expected `@relation`/],
    ['@data without attributes', '@relation r\n@data\n', /line 2: `@data` comes before any/],
    [
      'a label attribute with other categories',
      '@relation r\n@attribute f numeric\n@attribute l {a,b}\n@data\n',
      /line 3: label attribute `l` has categories \{a, b\}/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what} with the line number`, () => {
      const error = thrown(() => readArff(text, { labels: -1 }));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(message);
    });
  }

  it('asks for labels when the file has no -C', () => {
    const error = thrown(() => readArff(header));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/Pass `labels`/);
  });

  it('names label names the file lacks, and rejects bad counts and options', () => {
    expect(thrown(() => readArff(header, { labels: ['l', 'nope'] })).message).toMatch(/`nope`/);
    expect(thrown(() => readArff(header, { labels: 0 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => readArff(header, { labels: 4 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => readArff(header, { labels: [] })).code).toBe('INVALID_OPTION');
    expect(thrown(() => readArff(header, { labels: ['l', 'l'] })).message).toMatch(/twice/);
    expect(thrown(() => readArff(header, { labels: '<labels></labels>' })).code).toBe(
      'PARSE_ERROR',
    );
    expect(thrown(() => readArff(header, { labels: -1, dtype: 'int8' as 'float32' })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => readArff(header, { label: -1 } as never)).code).toBe('UNKNOWN_OPTION');
    expect(thrown(() => readArff(42 as unknown as string, { labels: -1 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('readArff: the MULAN labels XML is read as XML', () => {
  const arff =
    '@relation r\n@attribute x numeric\n@attribute y {0,1}\n@attribute old {0,1}\n@data\n1,0,1\n';

  it('leaves out a label that a comment hides (the reproduction)', () => {
    const d = readArff(arff, {
      labels: '<labels><label name="y"/><!-- <label name="old"/> --></labels>',
    });
    expect(d.labelNames).toEqual(['y']);
    expect(d.featureNames).toEqual(['x', 'old']);
    expect(Array.from(d.features.data)).toEqual([1, 1]);
  });

  it('skips CDATA sections, processing instructions, the declaration and the document type', () => {
    const xml = [
      '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
      '<!DOCTYPE labels>',
      '<?xml-stylesheet href="labels.css"?>',
      '<labels xmlns="http://mulan.sourceforge.net/labels">',
      '  <![CDATA[ <label name="old"/> ]]>',
      '  <?generator <label name="old"/> ?>',
      '  <label name="y">text &amp; <![CDATA[more]]></label>',
      '</labels>',
      '<!-- trailing comment -->',
    ].join('\r\n');
    expect(readArff(arff, { labels: xml }).labelNames).toEqual(['y']);
  });

  it('decodes the predefined entities, character references and blanks in names as XML does', () => {
    const names = ['a&b', '<c>', 'd"e', "f'g", 'h&i', 'j k', 'l m'];
    const text = `@relation r\n${names.map((n) => `@attribute ${JSON.stringify(n)} {0,1}`).join('\n')}\n@attribute x numeric\n@data\n${'0,'.repeat(names.length)}1\n`;
    const xml = `<labels><label name="a&amp;b"/><label name='&lt;c&gt;'/><label name="d&quot;e"/><label name="f&apos;g"/><label name="h&#38;i"/><label name="j\tk"/><label name="l&#x20;m"/></labels>`;
    expect(readArff(text, { labels: xml }).labelNames).toEqual(names);
  });

  const malformed: [string, string, RegExp][] = [
    [
      'an unclosed element',
      '<labels>\n<label name="y">\n</labels>',
      /line 3: <\/labels> closes <label>/,
    ],
    [
      'an unclosed comment',
      '<labels>\n<!-- <label name="y"/>\n</labels>',
      /line 2: a comment is not closed/,
    ],
    [
      '`--` in a comment',
      '<labels><!-- a -- b --><label name="y"/></labels>',
      /line 1: a comment holds `--`/,
    ],
    [
      'an undefined entity',
      '<labels>\n\n<label name="&nbsp;y"/></labels>',
      /line 3: `&nbsp;` is not one of the entities/,
    ],
    [
      'a bare ampersand',
      '<labels><label name="y & z"/></labels>',
      /line 1: `&` starts no reference/,
    ],
    [
      'a forbidden character reference',
      '<labels><label name="&#0;"/></labels>',
      /line 1: `&#0;` is not a character XML allows/,
    ],
    [
      'a control character',
      '<labels>\n\u0001<label name="y"/></labels>',
      /line 2: character U\+0001/,
    ],
    [
      'an unquoted attribute',
      '<labels><label name=y/></labels>',
      /line 1: the value of attribute `name` must be quoted/,
    ],
    [
      'a repeated attribute',
      '<labels><label name="y" name="x"/></labels>',
      /attribute `name` appears twice/,
    ],
    [
      'a label without a name',
      '<labels>\r<label id="y"/></labels>',
      /line 2: a <label> has no `name` attribute/,
    ],
    ['a late XML declaration', '\n<?xml version="1.0"?><labels/>', /line 2: the XML declaration/],
    [
      'text after the root',
      '<labels><label name="y"/></labels>\nmore',
      /line 2: unexpected "more" after the root element/,
    ],
    ['two root elements', '<labels><label name="y"/></labels><labels/>', /after the root element/],
    [
      'another root element',
      '<classes><label name="y"/></classes>',
      /the root element is <classes>/,
    ],
    ['a CDATA section outside the root', '<![CDATA[x]]><labels/>', /expected `<labels>`/],
    [
      'entity declarations',
      '<!DOCTYPE labels [<!ENTITY e "y">]><labels/>',
      /declarations \(`\[...\]`\) is not supported/,
    ],
    [
      '`<` in an attribute value',
      '<labels><label name="a<b"/></labels>',
      /`<` in an attribute value/,
    ],
  ];
  for (const [what, xml, message] of malformed) {
    it(`reports ${what} as a PARSE_ERROR with its line`, () => {
      const error = thrown(() => readArff(arff, { labels: xml }));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(/^Labels XML line \d+: /);
      expect(error.message).toMatch(message);
    });
  }
});

describe('readArff: attribute names', () => {
  it('refuses a name declared twice, as Weka does, with both lines', () => {
    const text =
      '@relation r\n@attribute a numeric\n@attribute y {0,1}\n@attribute a numeric\n@data\n1,0,2\n';
    const error = thrown(() => readArff(text, { labels: ['y'] }));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(/line 4: attribute "a" is declared again \(first on line 2\)/);
  });

  it('tells names apart by case, as Weka does', () => {
    const text =
      '@relation r\n@attribute a numeric\n@attribute A numeric\n@attribute y {0,1}\n@data\n1,2,0\n';
    expect(readArff(text, { labels: ['y'] }).featureNames).toEqual(['a', 'A']);
  });
});

describe('readArff: numbers are decimal, as Weka reads them', () => {
  const file = (value: string) =>
    `@relation r\n@attribute x numeric\n@attribute l {0,1}\n@data\n${value},1\n`;
  const read = (value: string, dtype: 'float32' | 'float64' = 'float64') =>
    readArff(file(value), { labels: -1, dtype }).features.data[0];

  it('reads signs, points and exponents', () => {
    const cases: [string, number][] = [
      ['1', 1],
      ['-2.5', -2.5],
      ['+.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['-1.5e+2', -150],
      ['007', 7],
      ["'2.5'", 2.5],
      ['1e39', 1e39],
    ];
    for (const [text, value] of cases) expect(read(text)).toBe(value);
    expect(Object.is(read('-0'), -0)).toBe(true);
  });

  it('refuses hex and the other JavaScript and Java forms (the reproduction: 0x10)', () => {
    for (const text of [
      '0x10',
      '0X1F',
      '0b1',
      '0o7',
      '1_000',
      'Infinity',
      '-Infinity',
      'NaN',
      '1e',
      '.',
      '+',
      '-',
      '.e3',
      '1d',
      '2f',
      '0x1p4',
      "' 1 '",
      "''",
      '\u00a01',
      '1\u2028',
    ]) {
      const error = thrown(() => read(text));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(/^ARFF line 5: [\s\S]* is not a number/);
    }
  });

  it('refuses an empty value instead of reading it as missing', () => {
    const error = thrown(() =>
      readArff(
        '@relation r\n@attribute x numeric\n@attribute y numeric\n@attribute l {0,1}\n@data\n1,,1\n',
        { labels: -1 },
      ),
    );
    expect(error.message).toMatch(/^ARFF line 6: "" is not a number/);
  });

  it('refuses numbers beyond the range of the storage', () => {
    expect(thrown(() => read('1e400')).message).toMatch(/1e400 is beyond the range of float64/);
    expect(thrown(() => read('-1e39', 'float32')).message).toMatch(
      /-1e39 is beyond the range of float32 \(pass `dtype: 'float64'`\)/,
    );
    expect(read('3.4e38', 'float32')).toBe(Math.fround(3.4e38));
  });

  it('reads sparse indices as plain increasing integers (the reproduction: {0x1 1})', () => {
    const sparse = (row: string) =>
      readArff(
        `@relation r\n@attribute x numeric\n@attribute y numeric\n@attribute l {0,1}\n@data\n${row}\n`,
        { labels: -1 },
      );
    expect(Array.from(sparse('{01 4,+2 1}').features.data)).toEqual([0, 4]);
    expect(Array.from(sparse('{01 4,+2 1}').labels.data)).toEqual([1]);
    const cases: [string, RegExp][] = [
      ['{0x1 1}', /sparse index "0x1" is not an attribute index/],
      ['{1.0 1}', /sparse index "1.0"/],
      ['{1e0 1}', /sparse index "1e0"/],
      ['{-1 1}', /sparse index "-1"/],
      ["{'1' 1}", /sparse index "1"/],
      ['{ 1}', /sparse index 1 has no value/],
      ['{1 2, 0 3}', /sparse index 0 comes after 1; indices must increase/],
      ['{1 2, 1 3}', /sparse index 1 comes after 1/],
    ];
    for (const [row, message] of cases) {
      const error = thrown(() => sparse(row));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(/^ARFF line 6: /);
      expect(error.message).toMatch(message);
    }
  });

  it('reads label cells with the same rules', () => {
    const labels = (value: string) =>
      readArff(`@relation r\n@attribute l numeric\n@data\n${value}\n`, { labels: 1 }).labels
        .data[0];
    expect(labels('1.0')).toBe(1);
    expect(labels('0e5')).toBe(0);
    expect(thrown(() => labels('0x1')).code).toBe('PARSE_ERROR');
  });
});

describe('readArff: line ends and comments as Weka reads them', () => {
  const lf =
    "% header comment\n@relation 'r%s'\n@attribute x numeric\n@attribute 'l%' {0,1}\n@data\n1.5,1\n{0 2}\n";

  it('reads CR-only and mixed line ends (the reproduction: CR only)', () => {
    const expected = readArff(lf, { labels: -1 });
    expect(readArff(lf.replaceAll('\n', '\r'), { labels: -1 })).toEqual(expected);
    expect(readArff(lf.replaceAll('\n', '\r\n'), { labels: -1 })).toEqual(expected);
    const mixed = lf
      .split('\n')
      .map((line, i) => line + ['\r', '\n', '\r\n'][i % 3])
      .join('');
    expect(readArff(mixed, { labels: -1 })).toEqual(expected);
    expect(expected.relation).toBe('r%s');
    expect(expected.labelNames).toEqual(['l%']);
  });

  it('counts CR-only line ends in the line numbers of errors', () => {
    const error = thrown(() =>
      readArff('@relation r\r@attribute x numeric\r\r@data\r1\rzz\r', { labels: 1 }),
    );
    expect(error.message).toMatch(/^ARFF line 6: "zz"/);
  });

  it('accepts a trailing % comment on data rows and header lines, but not inside quotes', () => {
    const d = readArff(
      "@relation r % name\n@attribute x numeric % the feature\n@attribute c {'a%b', c} %categories\n@attribute l {0,1}\t%label\n@data % rows\n1,'a%b',1 % first row\n2,c,0%second\n{0 3, 1 c} % sparse\n% only a comment\n",
      { labels: -1 },
    );
    expect(d.relation).toBe('r');
    expect(d.featureCategories).toEqual([null, ['a%b', 'c']]);
    expect(Array.from(d.features.data)).toEqual([1, 0, 2, 1, 3, 1]);
    expect(Array.from(d.labels.data)).toEqual([1, 0, 0]);
  });

  it('refuses values that hold blanks or braces unless they are quoted', () => {
    const file = (row: string) =>
      `@relation r\n@attribute c {'a b', c}\n@attribute l {0,1}\n@data\n${row}\n`;
    expect(Array.from(readArff(file("'a b',1"), { labels: -1 }).features.data)).toEqual([0]);
    for (const row of ['a b,1', "c,1 'x'", 'c}d,1']) {
      const error = thrown(() => readArff(file(row), { labels: -1 }));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(/^ARFF line 5: /);
    }
  });

  it('refuses text after @data, a repeated category, and junk after a numeric type', () => {
    const cases: [string, RegExp][] = [
      ['@relation r\n@attribute x numeric\n@data x\n', /line 3: unexpected "x" after `@data`/],
      [
        '@relation r\n@attribute c {a,b,a}\n@data\n',
        /line 2: attribute `c` declares category "a" twice/,
      ],
      [
        '@relation r\n@attribute x numeric please\n@data\n',
        /line 2: unexpected "please" after the type/,
      ],
      ['@relation r\n@attribute {a,b}\n@data\n', /line 2: `@attribute` has no name/],
    ];
    for (const [text, message] of cases) {
      const error = thrown(() => readArff(text, { labels: 1 }));
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(message);
    }
  });
});
