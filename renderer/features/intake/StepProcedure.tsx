import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../../shared/domain/rulepacks/cataloguePack.js';
import { searchNormalize } from '../../../shared/domain/text/searchNormalize.js';

const unitVi: Record<string, string> = { hours: 'giờ', days: 'ngày', 'working-days': 'ngày làm việc', months: 'tháng' };

export function durationText(p: Procedure): string {
  return p.sameDay ? `Trong ngày${p.cutoffTime ? ` (nhận trước ${p.cutoffTime})` : ''}` : `${p.duration.value} ${unitVi[p.duration.unit] ?? p.duration.unit}`;
}

/** Procedure picker: diacritics-insensitive search by name or code, ↑/↓ and Enter. */
export function StepProcedure({ procedures, selected, onPick, sample }: { procedures: Procedure[]; selected: Procedure | null; onPick: (p: Procedure) => void; sample: boolean }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState(selected?.name ?? '');
  const [cursor, setCursor] = useState(0);
  const matches = useMemo(() => {
    // Every word typed must appear, in any order, ignoring accents and punctuation ("nhan cha me").
    const words = searchNormalize(query).split(/[^a-z0-9.]+/).filter(Boolean);
    if (words.length === 0) return procedures;
    return procedures.filter((p) => {
      const text = searchNormalize(`${p.name} ${p.localCode} ${p.nationalCode ?? ''} ${p.sectorName}`).replace(/[^a-z0-9.]+/g, ' ');
      return words.every((w) => text.includes(w));
    });
  }, [procedures, query]);

  function onKey(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, matches.length - 1));
    else if (event.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
    else if (event.key === 'Enter' && matches[cursor]) onPick(matches[cursor]);
    else return;
    event.preventDefault();
  }

  return (
    <div>
      {sample && <p className="badge late">{t('counter.intake.sample')}</p>}
      <input
        type="search"
        autoFocus
        aria-label={t('counter.intake.procedureSearch')}
        placeholder={t('counter.intake.procedureSearch')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setCursor(0);
        }}
        onKeyDown={onKey}
      />
      <ul className="picklist" role="listbox" aria-label={t('counter.intake.steps.procedure')}>
        {matches.slice(0, 12).map((p, i) => (
          <li
            key={p.localCode}
            role="option"
            aria-selected={selected?.localCode === p.localCode || i === cursor}
            className={i === cursor ? 'cursor' : undefined}
            onClick={() => onPick(p)}
          >
            <strong>{p.name}</strong>
            <span className="muted">
              {p.nationalCode ?? p.localCode} · {p.sectorName} · {durationText(p)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
