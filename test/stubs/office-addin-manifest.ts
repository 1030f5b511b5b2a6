/**
 * Jest stand-in for the "office-addin-manifest" package (mapped in jest.config.js).
 *
 * The real package loads @microsoft/app-manifest and other ESM-only modules (and its
 * validator calls a web service), so unit tests never load it. This stub offers only
 * `OfficeAddinManifest.readManifestFile`, built on a few regular expressions, plus
 * `validateManifest`, which always rejects. Use test/helpers/manifest-check.ts for real
 * structural checks.
 */
import { readFile } from "fs/promises";

export interface ManifestInfo {
  id?: string;
  displayName?: string;
  providerName?: string;
  version?: string;
  defaultLocale?: string;
  description?: string;
  officeAppType?: string;
  permissions?: string;
}

function firstMatch(xml: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(xml);
  return match ? match[1] : undefined;
}

export const OfficeAddinManifest = {
  async readManifestFile(manifestPath: string): Promise<ManifestInfo> {
    const xml = await readFile(manifestPath, "utf8");
    return {
      id: firstMatch(xml, /<Id>\s*([^<]+?)\s*<\/Id>/),
      displayName: firstMatch(xml, /<DisplayName\s+DefaultValue="([^"]*)"/),
      providerName: firstMatch(xml, /<ProviderName>\s*([^<]+?)\s*<\/ProviderName>/),
      version: firstMatch(xml, /<Version>\s*([^<]+?)\s*<\/Version>/),
      defaultLocale: firstMatch(xml, /<DefaultLocale>\s*([^<]+?)\s*<\/DefaultLocale>/),
      description: firstMatch(xml, /<Description\s+DefaultValue="([^"]*)"/),
      officeAppType: firstMatch(xml, /<OfficeApp[^>]*\sxsi:type="([^"]+)"/),
      permissions: firstMatch(xml, /<Permissions>\s*([^<]+?)\s*<\/Permissions>/),
    };
  },
  async modifyManifestFile(): Promise<ManifestInfo> {
    throw new Error("office-addin-manifest stub: modifyManifestFile is not available under jest");
  },
};

export async function validateManifest(): Promise<never> {
  throw new Error(
    "office-addin-manifest stub: validateManifest needs the network and is not available under jest",
  );
}
