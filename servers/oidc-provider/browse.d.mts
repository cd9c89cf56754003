export function providerBrowser(issuer: string): { follow(url: string, login: string): Promise<string>; jar: Map<string, string> }
