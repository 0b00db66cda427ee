/**
 * WAI-ARIA menu button (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/): the `role="menu"` is
 * rendered straight into <body> only while open and removed when closed, like the real app's popovers.
 * Keyboard handling reads the menu's items from the DOM, so items injected by an extension take part.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import styles from './MenuButton.module.css';

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  onSelect(): void;
}

interface Props {
  /** Accessible name of the button (and of the menu). */
  label: string;
  /** Visible content; when omitted the button is icon-only and named by aria-label. */
  children?: ReactNode;
  icon: ReactNode;
  items: MenuItem[];
  buttonClassName?: string;
  align?: 'start' | 'end';
}

const ITEM_SELECTOR = '[role="menuitem"]:not([aria-disabled="true"])';

export function MenuButton({ label, children, icon, items, buttonClassName, align = 'end' }: Props) {
  const [open, setOpen] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'first' | 'last'>('first');
  const [pos, setPos] = useState<{ top: number; left?: number; right?: number }>({ top: 0 });
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const baseId = useId().replace(/:/g, '');
  const buttonId = `${baseId}-button`;
  const menuId = `${baseId}-menu`;

  const menuItems = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? []);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  const openMenu = (target: 'first' | 'last') => {
    const rect = buttonRef.current!.getBoundingClientRect();
    setPos(
      align === 'end'
        ? { top: rect.bottom + 6, right: Math.max(8, window.innerWidth - rect.right) }
        : { top: rect.bottom + 6, left: rect.left },
    );
    setFocusTarget(target);
    setOpen(true);
  };

  useLayoutEffect(() => {
    if (!open) return;
    const list = menuItems();
    (focusTarget === 'first' ? list[0] : list[list.length - 1])?.focus();
  }, [open, focusTarget]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (menuRef.current?.contains(t) || buttonRef.current?.contains(t)) return;
      close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open, close]);

  const onButtonKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openMenu('first');
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openMenu('last');
    }
  };

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = menuItems();
    const i = list.indexOf(document.activeElement as HTMLElement);
    const move = (n: number) => list[(n + list.length) % list.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(i + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(i < 0 ? list.length - 1 : i - 1);
        break;
      case 'Home':
        e.preventDefault();
        move(0);
        break;
      case 'End':
        e.preventDefault();
        move(list.length - 1);
        break;
      case 'Escape':
        e.preventDefault();
        close(true);
        break;
      case 'Tab':
        e.preventDefault();
        close(true);
        break;
      case 'Enter':
      case ' ': {
        const el = document.activeElement as HTMLElement | null;
        // Native buttons activate themselves; other menuitems (e.g. injected divs) are clicked here.
        if (el && el.matches(ITEM_SELECTOR) && el.tagName !== 'BUTTON') {
          e.preventDefault();
          el.click();
        }
        break;
      }
    }
  };

  // Any activated item (ours or injected) closes the menu after its own handlers ran.
  const onMenuClick = (e: MouseEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('[role="menuitem"]')) window.setTimeout(() => close(true), 0);
  };

  return (
    <>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={buttonClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={children ? undefined : label}
        onClick={() => (open ? close(false) : openMenu('first'))}
        onKeyDown={onButtonKeyDown}
      >
        {icon}
        {children}
      </button>
      {open &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-labelledby={buttonId}
            aria-orientation="vertical"
            className={styles.menu}
            style={{ top: pos.top, left: pos.left, right: pos.right }}
            onKeyDown={onMenuKeyDown}
            onClick={onMenuClick}
          >
            {items.map((item) => (
              <button key={item.label} type="button" role="menuitem" tabIndex={-1} className={styles.item} onClick={item.onSelect}>
                {item.icon}
                <span>{item.label}</span>
              </button>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
