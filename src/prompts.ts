/**
 * @inquirer/prompts, loaded only when crisp asks a question on a terminal. The bundle
 * (scripts/bundle.mjs) keeps the package in a file of its own and loads it here.
 */
export const prompts = () => import('@inquirer/prompts');
