import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checksumText,
  compareVersions,
  isSupportingDataFile,
  rebuildStoredRelease,
  releaseFolders,
  storedReleaseProblems,
  versionOfFolderName,
  SupportingDataError,
} from '../../../src-shared/immunizations/supporting-data';

/**
 * The pure rules of a CDSi release as a folder and as stored rows (src-shared/immunizations/supporting-data/release.ts):
 * the version from a folder's name, the newest folder, which files count, the checksum's text, and the checks of
 * stored rows against their release.
 */
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

describe('a CDSi release as a folder', () => {
  it('takes the version from the end of the folder name and orders versions by number', () => {
    expect(versionOfFolderName('4.64')).toBe('4.64');
    expect(versionOfFolderName('supporting-data-4.64')).toBe('4.64');
    expect(versionOfFolderName('latest')).toBeNull();
    expect(versionOfFolderName('4')).toBeNull();
    expect(compareVersions('4.9', '4.64')).toBeLessThan(0);
    expect(compareVersions('4.64', '4.64.0')).toBe(0);
    expect(releaseFolders(['4.64', 'notes', '4.9', 'supporting-data-4.65'])).toEqual([
      '4.9',
      '4.64',
      'supporting-data-4.65',
    ]);
  });

  it('counts the schedule and the antigen files, not the XSDs or the README', () => {
    expect(isSupportingDataFile('ScheduleSupportingData.xml')).toBe(true);
    expect(isSupportingDataFile('AntigenSupportingData-HepB-508.xml')).toBe(true);
    expect(isSupportingDataFile('AntigenSupportingData-HepB.xml')).toBe(true);
    expect(isSupportingDataFile('AntigenSupportingData.xsd')).toBe(false);
    expect(isSupportingDataFile('README.md')).toBe(false);
  });

  it("the checksum's text is in name order, whatever order the files came in", () => {
    const a = { name: 'ScheduleSupportingData.xml', sha256: 'a'.repeat(64) };
    const b = { name: 'AntigenSupportingData-HepB-508.xml', sha256: 'b'.repeat(64) };
    expect(checksumText([a, b])).toBe(checksumText([b, a]));
    expect(checksumText([a, b])).toBe(`${b.name}\0${b.sha256}\n${a.name}\0${a.sha256}\n`);
  });
});

describe('a stored CDSi release', () => {
  const text = '<scheduleSupportingData/>';
  const file = { id: 'f1', file_name: 'ScheduleSupportingData.xml', sha256: sha(text), content: text };
  const checksum = sha(checksumText([{ name: file.file_name, sha256: sha(text) }]));
  const release = { id: 'r1', version: '4.64', checksum, file_count: 1 };

  it('matches its files: count, each SHA-256, the checksum', () => {
    expect(storedReleaseProblems(release, [file], sha)).toEqual([]);
    expect(storedReleaseProblems({ ...release, file_count: 2 }, [file], sha)).toEqual([
      'release 4.64 (r1): 1 stored files, the release has 2',
    ]);
    const changed = { ...file, content: '<scheduleSupportingData />' };
    expect(storedReleaseProblems(release, [changed], sha)).toEqual([
      'release 4.64 (r1): ScheduleSupportingData.xml: its text does not have its recorded SHA-256',
      expect.stringMatching(/^release 4\.64 \(r1\): its files' checksum [0-9a-f]{64} is not the release's/),
    ]);
  });

  it('refuses rows that do not fit, naming the table, the row and the field', () => {
    const problems = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof SupportingDataError) return e.problems;
        throw e;
      }
      return [];
    };
    expect(problems(() => rebuildStoredRelease({ ...release, version: 'latest' }, [file], sha))).toEqual([
      'immunization_supporting_data_releases r1: version: a version such as 4.64',
    ]);
    expect(
      problems(() => rebuildStoredRelease(release, [{ ...file, file_name: 'notes.txt', sha256: 'X' }], sha)),
    ).toEqual([
      'immunization_supporting_data_files f1 (notes.txt): file_name: a supporting-data file name',
      'immunization_supporting_data_files f1 (notes.txt): sha256: a SHA-256 in lower-case hex',
    ]);
    // rows that fit, over XML that is not a schedule: the parse's own problems
    expect(problems(() => rebuildStoredRelease(release, [file], sha)).length).toBeGreaterThan(0);
  });
});
