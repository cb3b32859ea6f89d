import { render } from 'preact';
import { Panel } from './Panel';

/** The frame's address carries its token and, later, commands ("#t=…&edit=<id>"). */
const params = () => new URLSearchParams(location.hash.slice(1));
const token = params().get('t') ?? '';
const draw = () => render(<Panel bound={{ token }} edit={params().get('edit')} nonce={params().get('n')} />, document.getElementById('app')!);
addEventListener('hashchange', draw);
draw();
