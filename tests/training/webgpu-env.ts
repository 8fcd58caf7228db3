import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** SwiftShader's Vulkan driver as Debian's chromium package ships it (CI installs chromium and libvulkan1). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Points Dawn's Vulkan loader at SwiftShader and gives it a private runtime directory. Call before the first webgpu
 * use; child processes (the CLI) inherit the variables. Throws when the driver is missing, so the test fails clearly.
 */
export function useSwiftShader(): NodeJS.ProcessEnv {
  if (!existsSync(SWIFTSHADER_ICD)) throw new Error(`${SWIFTSHADER_ICD} is missing: install Debian's chromium (and libvulkan1) for the webgpu tests`);
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const xdg = process.env.XDG_RUNTIME_DIR;
  if (!xdg || !existsSync(xdg)) process.env.XDG_RUNTIME_DIR = mkdtempSync(path.join(tmpdir(), 'prospect-xdg-'));
  return process.env;
}
