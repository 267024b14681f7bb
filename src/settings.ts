/**
 * A whole-number setting from the environment: undefined when unset or empty; anything but
 * digits ("1e3", "-1", " 5", "ten"), or a number under `min`, is refused at start-up with the
 * setting's name. `also` names what else the setting takes, for the message.
 */
export function wholeNumberSetting(
  name: string,
  text: string | undefined,
  min: number,
  also?: string,
): number | undefined {
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    const expected = `${also ? `${also} or ` : ""}a whole number of at least ${min}`;
    throw new Error(`${name} must be ${expected}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
